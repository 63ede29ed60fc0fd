"""The lines of a school's fee-collection report: which fees, how many payers, how much.

Why a catalogue by level: the pipeline's plausibility checks and the cashless-fee indicator
are only tested meaningfully if the lines look like what Đắk Lắk schools really collect in a
quarter. Public preschool and K-12 tuition has been free since 2025, so "Học phí" appears
only for private schools and GDTX centres; under-6s have free health insurance, so preschools
have no "Bảo hiểm y tế". Amounts are per pupil for the quarter, in whole thousands of đồng.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from edu_pipeline.demo.model import Defect, FeeLine
from edu_pipeline.demo.registry import School

TRANSFER, WALLET, CASH, MIXED = "Chuyển khoản", "Ví điện tử", "Tiền mặt", "Chuyển khoản, tiền mặt"
CHANNELS = (TRANSFER, WALLET, CASH, MIXED)
AMOUNT_FIELDS = ("payers_total", "payers_cashless", "amount_total", "amount_cashless")
FEE_DEFECTS = ("fee_amount_invalid", "fee_cashless_exceeds_total", "fee_item_missing")
TUITION = "Học phí"
BOARDING = frozenset({"Mầm non", "Tiểu học", "TH-THCS"})
SCHOOL_AGE = frozenset({"Tiểu học", "THCS", "THPT", "TH-THCS", "GDTX"})
K12 = frozenset({"Mầm non", "Tiểu học", "THCS", "THPT", "TH-THCS"})
ALL_LEVELS = K12 | {"GDTX"}


@dataclass(frozen=True)
class FeeItem:
    name: str
    levels: frozenset[str]
    per_month: tuple[int, int, int]  # low, high, step (VND); a one-off fee when months == 1
    months: int
    share: tuple[float, float]  # share of pupils who owe it
    fixed: tuple[int, ...] = ()  # set amounts (health insurance), instead of per_month


ITEMS = (
    FeeItem(TUITION, ALL_LEVELS, (0, 0, 1), 3, (0.95, 1.0)),  # range set by _tuition_month
    FeeItem("Tiền ăn bán trú", BOARDING, (380_000, 650_000, 10_000), 3, (0.4, 0.95)),
    FeeItem("Tiền chăm sóc bán trú", BOARDING, (100_000, 180_000, 10_000), 3, (0.4, 0.95)),
    FeeItem("Bảo hiểm y tế học sinh", SCHOOL_AGE, (0, 0, 1), 1, (0.5, 0.95), (221_000, 884_000)),
    FeeItem("Tiền nước uống", ALL_LEVELS, (8_000, 20_000, 1_000), 3, (0.9, 1.0)),
    FeeItem("Quỹ Hội cha mẹ học sinh", K12, (100_000, 300_000, 50_000), 1, (0.7, 1.0)),
    FeeItem(
        "Tiền học tiếng Anh tăng cường",
        frozenset({"Mầm non", "Tiểu học", "THCS", "TH-THCS"}),
        (100_000, 220_000, 10_000),
        3,
        (0.2, 0.7),
    ),
    FeeItem(
        "Tiền học kỹ năng sống",
        frozenset({"Mầm non", "Tiểu học", "THCS"}),
        (50_000, 120_000, 10_000),
        3,
        (0.2, 0.6),
    ),
    FeeItem(
        "Tiền gửi xe",
        frozenset({"THCS", "THPT", "TH-THCS", "GDTX"}),
        (10_000, 30_000, 5_000),
        3,
        (0.3, 0.8),
    ),
    FeeItem("Tiền thuê khoán vệ sinh", K12, (5_000, 15_000, 1_000), 3, (0.9, 1.0)),
    FeeItem("Tiền học nghề", frozenset({"GDTX"}), (100_000, 250_000, 10_000), 3, (0.3, 0.8)),
)


def pays_tuition(school: School) -> bool:
    return school.ownership != "Công lập" or school.level == "GDTX"


def items_for(school: School) -> list[FeeItem]:
    """The fees a school of this level and ownership may collect, in report order."""
    return [
        item
        for item in ITEMS
        if school.level in item.levels and (item.name != TUITION or pays_tuition(school))
    ]


def _tuition_month(school: School) -> tuple[int, int, int]:
    if school.level == "GDTX":
        return (150_000, 300_000, 10_000)
    if school.level == "Mầm non":
        return (1_200_000, 3_000_000, 100_000)
    return (1_500_000, 4_000_000, 100_000)


def _unit(rng: random.Random, item: FeeItem, school: School) -> int:
    """What one pupil owes for the quarter (whole thousands of đồng)."""
    if item.fixed:
        return rng.choice(item.fixed)
    low, high, step = _tuition_month(school) if item.name == TUITION else item.per_month
    return rng.randrange(low, high + 1, step) * item.months


def fee_lines(
    rng: random.Random, school: School, cashless: bool, defects: set[str]
) -> list[FeeLine]:
    """3-7 lines; a school that is not cashless has at least one line with a cash part,
    and that line carries none of the injected ``defects`` (so the cash stays readable)."""
    items = items_for(school)
    count = rng.randint(3, min(7, len(items)))
    picked = [i for i in items if i.name == TUITION][:1]
    others = [i for i in items if i.name != TUITION]
    picked += rng.sample(others, count - len(picked))
    picked.sort(key=ITEMS.index)
    lines = []
    boarders = 0  # the same pupils pay for meals and for care at lunchtime
    for item in picked:
        share = (0.8, 1.0) if item.levels == BOARDING and school.level == "Mầm non" else item.share
        payers = boarders or round(school.n_students * rng.uniform(*share))
        payers = max(1, min(school.n_students, payers))
        if item.levels == BOARDING:
            boarders = payers
        unit = _unit(rng, item, school)
        channel = TRANSFER if rng.random() < 0.75 else WALLET
        lines.append(FeeLine(item.name, payers, payers, payers * unit, payers * unit, channel))
    order = rng.sample(range(len(lines)), len(lines))
    broken = dict(zip(sorted(defects), order, strict=False))
    if not cashless:
        clean = [i for i in order if i not in broken.values()] or order
        cash = {clean[0]} | {i for i in clean[1:] if rng.random() < 0.35}
        for i in sorted(cash):
            _with_cash(rng, lines[i])
    for kind, i in broken.items():
        INJECT[kind](rng, lines[i])
    return lines


def _with_cash(rng: random.Random, line: FeeLine) -> None:
    unit = line.amount_total // line.payers_total
    if line.payers_total < 2 or rng.random() < 0.4:
        line.channel, line.payers_cashless = CASH, 0
    else:
        line.channel = MIXED
        share = rng.uniform(0.3, 0.9)
        line.payers_cashless = min(line.payers_total - 1, max(1, round(line.payers_total * share)))
    line.amount_cashless = line.payers_cashless * unit


def vn_dots(amount: int) -> str:
    """1250000 -> "1.250.000" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def _amount_invalid(rng: random.Random, line: FeeLine) -> None:
    field = "amount_total"
    if line.amount_cashless and rng.random() < 0.5:
        field = "amount_cashless"
    amount = getattr(line, field)
    forms = ["letter_o", "pending"] + (["about"] if amount >= 1_500_000 else [])
    form = rng.choice(forms)
    if form == "about":
        text = f"khoảng {round(amount / 1_000_000)} triệu"
    elif form == "pending":
        text = "đang cập nhật"
    else:
        text = vn_dots(amount).replace("0", "O", 2)  # the letter O typed for zeros
    line.written[field] = text
    note = "amount typed as text that is not a number"
    line.defects.append(Defect(field, "fee_amount_invalid", note, raw_value=text))


def _exceeds_total(rng: random.Random, line: FeeLine) -> None:
    unit = line.amount_total // line.payers_total
    typed = line.amount_total + unit * rng.randint(1, 5)
    line.written["amount_cashless"] = typed
    note = f"cashless amount {typed} is more than the amount to collect {line.amount_total}"
    line.defects.append(
        Defect("amount_cashless", "fee_cashless_exceeds_total", note, raw_value=str(typed))
    )


def _item_missing(rng: random.Random, line: FeeLine) -> None:
    line.written["fee_item"] = None
    note = "a line with amounts but no fee item"
    line.defects.append(Defect("fee_item", "fee_item_missing", note))


INJECT = {
    "fee_amount_invalid": _amount_invalid,
    "fee_cashless_exceeds_total": _exceeds_total,
    "fee_item_missing": _item_missing,
}
