"""Files a reader must survive: truncated workbook, empty file, garbage .xls, a CSV that is
not a list of people, and a statistics-form sheet that is none of our datasets."""

from __future__ import annotations

import random

from edu_pipeline.demo.layout import Sheet
from edu_pipeline.demo.shapes import csv_bytes, xlsx_bytes

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def truncated_xlsx(sheets: list[Sheet]) -> bytes:
    """A real workbook cut at 55%: the zip's central directory is gone (bad zip)."""
    data = xlsx_bytes(sheets)
    return data[: len(data) * 55 // 100]


def garbage_xls(rng: random.Random) -> bytes:
    """OLE2 magic followed by noise, like an encrypted or corrupted .xls."""
    return OLE_MAGIC + bytes(rng.getrandbits(8) for _ in range(4096))


def equipment_csv(rng: random.Random) -> bytes:
    """A school's teaching-equipment inventory: a CSV with no people in it."""
    sheet = Sheet("")
    sheet.add(["STT", "Tên thiết bị", "Đơn vị tính", "Số lượng", "Tình trạng", "Ghi chú"])
    items = (
        "Máy chiếu",
        "Máy tính để bàn",
        "Bảng tương tác",
        "Loa di động",
        "Bộ thí nghiệm",
        "Tivi 55 inch",
        "Máy in",
        "Bàn ghế học sinh",
    )
    for i, item in enumerate(items, start=1):
        sheet.add(
            [
                i,
                item,
                "Bộ" if i % 2 else "Chiếc",
                rng.randint(1, 40),
                rng.choice(["Tốt", "Hỏng", "Cần sửa chữa"]),
                None,
            ]
        )
    return csv_bytes(sheet, "utf-8-sig", ",")


def statistics_sheet(rng: random.Random, n_students: int) -> Sheet:
    """A 'Biểu 02'-like statistics form: merged multi-row header, a column-number row."""
    sheet = Sheet("Biểu thống kê")
    sheet.add(["BÁO CÁO THỐNG KÊ GIÁO DỤC", None, None, None, None, None, None])
    sheet.merges.append((0, 0, 0, 6))
    sheet.add(["Kỳ giữa năm học 2025-2026"])
    sheet.add([])
    top = sheet.add(["TT", "Chỉ tiêu", "Đơn vị tính", "Tổng số", "Chia ra", None, None])
    sheet.add([None, None, None, None, "Công lập", "Nữ", "Dân tộc thiểu số"])
    sheet.merges += [
        (top, 0, top + 1, 0),
        (top, 1, top + 1, 1),
        (top, 2, top + 1, 2),
        (top, 3, top + 1, 3),
        (top, 4, top, 6),
    ]
    sheet.add(["A", "B", "C", 1, 2, 3, 4])
    girls = n_students * rng.randint(45, 52) // 100
    rows = (
        ("1", "Tổng số học sinh", "người", n_students),
        ("2", "Số lớp", "lớp", max(1, n_students // 35)),
        ("3", "Học sinh khuyết tật học hòa nhập", "người", rng.randint(0, 4)),
    )
    for tt, label, unit, total in rows:
        sheet.add(
            [
                tt,
                label,
                unit,
                total,
                total,
                girls if tt == "1" else None,
                rng.randint(0, total // 4) if tt == "1" else None,
            ]
        )
    return sheet
