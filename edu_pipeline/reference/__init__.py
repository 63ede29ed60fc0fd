"""Tables of facts bundled with the package (see SOURCES.md for provenance and licences).

Rules never carry facts in `if` chains and never read `../shared` at run time: every table
ships here and is read through `importlib.resources`, so it also works from an installed wheel.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

__all__ = ["issue_rules", "read_reference_csv"]


@cache
def read_reference_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `edu_pipeline/reference/<name>` as dicts of strings (UTF-8, header row).

    >>> read_reference_csv("dq_labels.csv")[0]["code"]
    'correct'
    """
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tuple(csv.DictReader(io.StringIO(text)))


@cache
def issue_rules() -> dict[str, dict[str, str]]:
    """Findings made outside the GX suites (files, schools, deduplication), by rule id:
    dimension, severity, action and the Vietnamese message template for schools."""
    return {row["rule"]: row for row in read_reference_csv("issue_messages.csv")}
