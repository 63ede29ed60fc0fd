"""E-mail addresses of staff: one lower-case form, or the reason it is not an address.

Why a library: the grammar of an address (RFC 5321/5322, internationalised domains) is not
ours to re-implement; ``email-validator`` checks syntax and domain form without network
look-ups (``check_deliverability=False``: the nightly run must not depend on DNS). We only
add what schools do to the cell: spaces, "mailto:", several addresses in one cell.

Example:
    >>> normalize_email(" GV.Lan@DakLak.edu.vn ")
    EmailResult(value='gv.lan@daklak.edu.vn', problem=None)
    >>> normalize_email("lan@gmail").problem
    'invalid'
"""

from __future__ import annotations

import re
from typing import NamedTuple

from email_validator import EmailNotValidError, validate_email

__all__ = ["EmailResult", "normalize_email"]

_SEVERAL = re.compile(r"[;,\s/]+")
_SPACED_AT = re.compile(r"\s*@\s*")


class EmailResult(NamedTuple):
    """``value`` = the address in lower case or None; ``problem`` = reason code or None."""

    value: str | None
    problem: str | None


def normalize_email(raw: str | None) -> EmailResult:
    """Normalize one e-mail cell; the first valid address of a cell holding several wins.

    Blank -> ``EmailResult(None, None)`` (missing is a completeness rule, not a format one);
    otherwise ``problem="invalid"`` when no part of the cell is a valid address.
    Lower-casing the local part is safe here: the mail systems schools use (Gmail, the
    Ministry's edu.vn hosting) ignore its case; they also refuse letters with diacritics
    before the "@" ("nguyễn@gmail.com"), so such an address is invalid too.
    Example: ``normalize_email("mailto:an@gmail.com; b@x")`` -> ``EmailResult("an@gmail.com",
    None)``.
    """
    if raw is None or not str(raw).strip():
        return EmailResult(None, None)
    text = _SPACED_AT.sub("@", str(raw).strip().lower()).removeprefix("mailto:")
    for candidate in filter(None, _SEVERAL.split(text)):
        try:
            checked = validate_email(candidate, check_deliverability=False, allow_smtputf8=False)
        except EmailNotValidError:
            continue
        return EmailResult(checked.normalized.lower(), None)
    return EmailResult(None, "invalid")
