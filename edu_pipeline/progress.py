"""Progress on the terminal: which stage runs, how many files of how many are done.

Assets report through the `progress` resource. In the UI it is off (Dagster shows the run);
`edu-pipeline run` turns it on so a person at a terminal sees the run move. Only counts are
printed, never personal data.
"""

import sys
import time

import dagster as dg

BAR_WIDTH = 28


class TerminalProgress(dg.ConfigurableResource):
    """Prints `[stage] done/total unit` lines (redrawn in place on a TTY)."""

    enabled: bool = False

    def stage(self, name: str, detail: str = "") -> None:
        if self.enabled:
            _write(f"[{name}] {detail}".rstrip() + "\n")

    def update(self, name: str, done: int, total: int, unit: str = "files") -> None:
        if not self.enabled or total <= 0:
            return
        if sys.stderr.isatty():
            _write(f"\r[{name}] {bar(done, total)} {done}/{total} {unit}")
            if done == total:
                _write("\n")
        elif done == total or done % max(1, total // 10) == 0:
            _write(f"[{name}] {done}/{total} {unit}\n")


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A text bar: `bar(1, 4, 8)` -> '██░░░░░░'."""
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


class Stopwatch:
    """Seconds since creation, for summaries."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


def _write(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()
