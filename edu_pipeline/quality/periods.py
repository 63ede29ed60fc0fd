"""Reporting periods: schools report quarterly, before the 25th of the quarter's last month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEADLINE_DAY = 25


@dataclass(frozen=True)
class Period:
    """The quarter that contains a given day."""

    start: dt.date
    end: dt.date
    deadline: dt.date
    label: str

    @classmethod
    def containing(cls, day: dt.date) -> Period:
        """>>> Period.containing(dt.date(2026, 3, 26)).label
        '2026-Q1'
        """
        quarter = (day.month - 1) // 3 + 1
        last_month = 3 * quarter
        start = dt.date(day.year, last_month - 2, 1)
        next_start = dt.date(day.year + (last_month == 12), last_month % 12 + 1, 1)
        end = next_start - dt.timedelta(days=1)
        deadline = dt.date(day.year, last_month, DEADLINE_DAY)
        return cls(start, end, deadline, f"{day.year}-Q{quarter}")

    @property
    def label_vi(self) -> str:
        """'2026-Q1' -> 'Quý 1/2026'."""
        year, quarter = self.label.split("-Q")
        return f"Quý {quarter}/{year}"
