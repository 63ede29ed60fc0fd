"""Quarterly periods and their deadline: the 25th of the quarter's last month."""

import datetime as dt

import pytest

from edu_pipeline.quality.periods import Period


@pytest.mark.parametrize(
    ("day", "label", "start", "deadline"),
    [
        ("2026-03-26", "2026-Q1", "2026-01-01", "2026-03-25"),
        ("2026-01-01", "2026-Q1", "2026-01-01", "2026-03-25"),
        ("2026-11-28", "2026-Q4", "2026-10-01", "2026-12-25"),
        ("2026-12-31", "2026-Q4", "2026-10-01", "2026-12-25"),
    ],
)
def test_period_of_a_day(day, label, start, deadline):
    period = Period.containing(dt.date.fromisoformat(day))
    assert (period.label, period.start.isoformat(), period.deadline.isoformat()) == (
        label, start, deadline)  # fmt: skip
    assert period.end >= period.deadline
