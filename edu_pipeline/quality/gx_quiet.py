"""Great Expectations, quiet: imported lazily, no analytics, no progress bars, no log noise.

GX logs caught metric exceptions verbatim, and those can quote a cell value (a child's name or
ID number); while it runs its loggers and warnings are muted, and the exception texts we keep
go through :func:`redact` first.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

_MAX_EXCEPTION_CHARS = 400


def import_gx() -> Any:
    """Import GX lazily (it takes seconds), with analytics off before it is first imported.

    GX 1.x reads ``GX_ANALYTICS_ENABLED``; the context config also sets
    ``analytics_enabled=False`` in case GX was imported before this module.
    """
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    with quiet_gx():  # its import logs one INFO line per decorated closure
        import great_expectations

        import edu_pipeline.quality.custom_expectations  # noqa: F401  (registers them with GX)

    return great_expectations


def ephemeral_context(data_docs_sites: dict[str, Any] | None = None) -> Any:
    """A fresh in-memory Data Context: no files, no analytics, no progress bars (~10 ms).

    ``data_docs_sites``: GX's site configuration, when the context should build Data Docs.
    """
    gx_module = import_gx()
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        data_docs_sites=data_docs_sites or {},
    )
    return gx_module.get_context(mode="ephemeral", project_config=config)


@contextlib.contextmanager
def quiet_gx() -> Iterator[None]:
    """Silence GX's loggers and warnings while it runs.

    GX logs caught metric exceptions verbatim (they can quote a cell value); the same errors
    are returned, redacted, in ``expectation_results``.
    """
    gx_logger = logging.getLogger("great_expectations")
    previous = gx_logger.level
    gx_logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        gx_logger.setLevel(previous)


_QUOTED = re.compile(r"([\"'«“])(.*?)([\"'»”])")
_DIGITS = re.compile(r"\d{4,}")


def redact(message: str | None, allowed: Iterable[str] = ()) -> str | None:
    """Remove what could be personal data from an exception text.

    Quoted text is kept only when it is a known column or parameter name; digit runs of 4+
    (IDs, phone numbers, years) are replaced.

    >>> redact('The column "nope" does not exist; bad value \\'Nguyễn A\\' 079123456789', {"nope"})
    'The column "nope" does not exist; bad value \\'…\\' …'
    """
    if message is None:
        return None
    keep = set(allowed)

    def quoted(match: re.Match[str]) -> str:
        inner = match.group(2)
        return match.group(0) if inner in keep else f"{match.group(1)}…{match.group(3)}"

    text = _QUOTED.sub(quoted, str(message))
    text = _DIGITS.sub("…", text)
    return text[:_MAX_EXCEPTION_CHARS]
