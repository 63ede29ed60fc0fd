"""The Sở's schools registry: synthetic schools in real Đắk Lắk communes, and its workbook."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from edu_pipeline.demo import vocab
from edu_pipeline.demo.data import Commune, communes
from edu_pipeline.demo.layout import Sheet

REGISTRY_FILE = "registry/danh_muc_co_so_giao_duc.xlsx"
REGISTRY_HEADER = (
    "STT",
    "Mã trường",
    "Tên trường",
    "Cấp học",
    "Xã/phường",
    "Loại hình",
    "Thu phí không dùng tiền mặt",
    "Địa chỉ",
    "Điện thoại",
)
LEVEL_LABEL = {"TH-THCS": "Liên cấp (TH-THCS)"}
PERSON_SLACK = 16  # person numbers kept per school for rows added by scenarios


@dataclass
class School:
    index: int
    code: str
    name: str
    level: str
    commune: Commune
    ownership: str
    cashless_fees: str
    address: str
    phone: str
    n_students: int
    n_staff: int
    person_base: int = 0
    registry_row: int = 0

    @property
    def n_persons(self) -> int:
        return self.n_students + self.n_staff + PERSON_SLACK

    @property
    def level_label(self) -> str:
        return LEVEL_LABEL.get(self.level, self.level)


def _name(rng: random.Random, level: str, commune: Commune, taken: set[str]) -> str:
    prefix = vocab.LEVELS[level][2]
    pool = {"Mầm non": vocab.PRESCHOOL_NAMES, "GDTX": ()}.get(level, vocab.PERSON_SCHOOL_NAMES)
    for _ in range(12):
        use_commune = not pool or rng.random() < 0.35
        name = f"{prefix} {commune.name if use_commune else rng.choice(pool)}"
        if name not in taken:
            return name
    k = 2
    while f"{prefix} {commune.name} {k}" in taken:
        k += 1
    return f"{prefix} {commune.name} {k}"


def make_schools(rng: random.Random, n: int, students_per_school: int) -> list[School]:
    """``n`` schools spread over the communes; sizes average ``students_per_school``."""
    levels = list(vocab.LEVELS)
    shares = [vocab.LEVELS[lv][0] for lv in levels]
    mean_size = sum(vocab.LEVELS[lv][0] * vocab.LEVELS[lv][1] for lv in levels)
    all_communes = communes()
    codes = rng.sample(range(100_000, 1_000_000), n)
    drafts = []
    for i in range(n):
        spread = n >= 2 * len(all_communes) and i < len(all_communes)  # every commune once
        commune = all_communes[i] if spread else rng.choice(all_communes)
        level = levels[i % len(levels)] if i < len(levels) else rng.choices(levels, shares)[0]
        drafts.append((all_communes.index(commune), levels.index(level), commune, level, codes[i]))
    drafts.sort(key=lambda d: (d[0], d[1], d[4]))
    taken: set[str] = set()
    schools = []
    for index, (_, _, commune, level, num) in enumerate(drafts):
        name = _name(rng, level, commune, taken)
        taken.add(name)
        size = students_per_school * vocab.LEVELS[level][1] / mean_size
        n_students = max(20, round(size * rng.uniform(0.7, 1.3)))
        private = rng.random() < (0.2 if level == "Mầm non" else 0.05)
        area = "0257" if commune.former_province == "54" else "0262"
        schools.append(
            School(
                index=index,
                code=f"{commune.former_province}{num:06d}",
                name=name,
                level=level,
                commune=commune,
                ownership=rng.choice(["Tư thục", "Tư thục", "Dân lập"]) if private else "Công lập",
                cashless_fees="Có" if rng.random() < 0.7 else "Không",
                address=f"{rng.choice(vocab.HAMLETS)} {rng.randrange(1, 12)}, {commune.full_name}",
                phone=f"{area}3{rng.randrange(1_000_000):06d}",
                n_students=n_students,
                n_staff=max(6, round(n_students / 15.5) + rng.randint(0, 3)),
            )
        )
    return schools


def registry_sheet(schools: list[School], updated: date) -> Sheet:
    """Title rows, header and one row per school; sets each school's ``registry_row``."""
    width = len(REGISTRY_HEADER)
    sheet = Sheet("Danh mục")
    sheet.line(width, (0, "UBND TỈNH ĐẮK LẮK"))
    sheet.line(width, (0, "SỞ GIÁO DỤC VÀ ĐÀO TẠO"))
    sheet.merges += [(0, 0, 0, 2), (1, 0, 1, 2)]
    sheet.add([], width)
    r = sheet.line(width, (0, "DANH MỤC CƠ SỞ GIÁO DỤC TRÊN ĐỊA BÀN TỈNH ĐẮK LẮK"))
    sheet.merges.append((r, 0, r, width - 1))
    r = sheet.line(width, (0, f"(Cập nhật đến ngày {updated:%d/%m/%Y})"))
    sheet.merges.append((r, 0, r, width - 1))
    sheet.add([], width)
    sheet.add(list(REGISTRY_HEADER))
    for i, s in enumerate(schools, start=1):
        s.registry_row = (
            sheet.add(
                [
                    i,
                    s.code,
                    s.name,
                    s.level_label,
                    s.commune.full_name,
                    s.ownership,
                    s.cashless_fees,
                    s.address,
                    s.phone,
                ]
            )
            + 1
        )
    return sheet
