"""Fee-collection reports are read as their own dataset, whatever their shape."""

import pytest

from edu_pipeline.ingest.collect import ingest_files
from edu_pipeline.ingest.inventory import scan_raw_dir

TITLE = [["SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK"], ["BÁO CÁO TÌNH HÌNH THU PHÍ KHÔNG DÙNG TIỀN MẶT"],
         ["Quý I năm 2026"]]  # fmt: skip
HEADERS = {
    "plain": ["STT", "Khoản thu", "Số HS phải nộp", "Số HS nộp không dùng tiền mặt",
              "Tổng số tiền phải thu (đồng)", "Số tiền thu không dùng tiền mặt (đồng)",
              "Hình thức thu"],
    "worded": ["STT", "Nội dung thu", "Số học sinh phải nộp",
               "Số học sinh thanh toán không dùng tiền mặt", "Tổng số tiền phải thu",
               "Số tiền thu qua ngân hàng (đồng)", "Hình thức thanh toán"],
    "ascii": ["STT", "Khoan thu", "So HS phai nop", "So HS nop khong dung tien mat",
              "Tong so tien phai thu", "So tien thu khong dung tien mat", "Hinh thuc thu"],
}  # fmt: skip
LINES = [
    [1, "Tiền ăn bán trú", 120, 118, "36.000.000", "35.400.000", "Chuyển khoản, tiền mặt"],
    [2, "Bảo hiểm y tế học sinh", 300, 300, 264000000, 264000000, "Chuyển khoản"],
    [3, "Tiền nước uống", 300, 300, "1,500,000", "1,500,000", "Ví điện tử"],
]
FOOTER = [[None, "Tổng cộng", 720, 718, "301.500.000", "300.900.000", None], [],
          ["Đắk Lắk, ngày 20 tháng 3 năm 2026"], [None, "HIỆU TRƯỞNG"]]  # fmt: skip


def _report(header: list[str], lines=LINES, footer=True):
    return [*TITLE, header, *lines, *(FOOTER if footer else [])]


@pytest.mark.parametrize("wording", list(HEADERS))
@pytest.mark.parametrize("fmt", ["xlsx", "xls", "csv"])
def test_report_is_read_as_fees(tmp_path, xlsx, xls, csv_file, fmt, wording):
    raw = tmp_path / "raw"
    path = raw / "54000001" / f"Bao cao thu phi.{fmt}"
    rows = _report(HEADERS[wording])
    if fmt == "csv":
        csv_file(path, rows, encoding="utf-8-sig")
    else:
        {"xlsx": xlsx, "xls": xls}[fmt](path, {"Thu phí": rows})
    result = ingest_files(raw, scan_raw_dir(raw), tmp_path / "cache")
    file = result.files.iloc[0]
    assert (file["status"], file["datasets"], file["school_code"]) == ("ok", "fees", "54000001")
    fees = result.datasets["fees"]
    assert fees["source_row"].tolist() == [5, 6, 7]  # the totals row and the footer are not lines
    assert fees["fee_item"].tolist() == [line[1] for line in LINES]
    assert fees["amount_total"].tolist()[0] == "36.000.000"
    assert all(result.datasets[d].empty for d in ("students", "teachers", "registry"))


def test_shared_folder_report_takes_its_school_from_the_code_column(tmp_path, xlsx):
    raw = tmp_path / "raw"
    header = [*HEADERS["plain"], "Mã trường"]
    lines = [[*line, "54000002"] for line in LINES]
    xlsx(raw / "Tong hop" / "thu phi (2).xlsx", {"Thu phí": _report(header, lines, False)})
    result = ingest_files(raw, scan_raw_dir(raw), tmp_path / "cache")
    file = result.files.iloc[0]
    assert (file["datasets"], file["school_code"], file["attributed_by"]) == (
        "fees", "54000002", "column")


def test_newest_report_supersedes_older_ones_but_not_the_pupil_list(tmp_path, xlsx):
    raw = tmp_path / "raw"
    school = raw / "54000001"
    for day, name in ((2, "thu phi lan 1.xlsx"), (10, "thu phi lan 2.xlsx"),
                      (20, "thu phi lan 3.xlsx")):  # fmt: skip
        dated = [*_report(HEADERS["plain"], footer=False),
                 [f"Đắk Lắk, ngày {day} tháng 3 năm 2026"]]  # fmt: skip
        xlsx(school / name, {"Thu phí": dated})
    xlsx(school / "DS hoc sinh.xlsx", {"DS": [["STT", "Họ và tên", "Ngày sinh", "Giới tính"],
                                             [1, "Nguyễn Văn An", "05/03/2014", "Nam"]]})
    result = ingest_files(raw, scan_raw_dir(raw), tmp_path / "cache")
    replaced = result.files.set_index("source_file")["superseded_by"]
    newest = "54000001/thu phi lan 3.xlsx"
    assert replaced["54000001/thu phi lan 1.xlsx"] == newest
    assert replaced["54000001/thu phi lan 2.xlsx"] == newest
    older = ["54000001/thu phi lan 1.xlsx", "54000001/thu phi lan 2.xlsx"]
    assert replaced.drop(older).isna().all()
    assert len(result.datasets["fees"]) == 9  # older lines stay accounted for
