"""`edu-pipeline doctor`: is this installation able to run tonight, and if not, what to fix.

Each check looks at one thing an operator can fix (a folder, the Dagster instance, the
secret, the disk, the versions, a run holding the warehouse, the published release) and says
in plain words what is wrong and what to do. Nothing is written except a probe file, removed
at once; no personal data is read.

    >>> [c.name for c in run_checks(PipelineSettings(raw_dir="/nonexistent"), home=None)][:2]
    ['raw folder', 'warehouse folder']
"""

from __future__ import annotations

import os
import platform
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from edu_pipeline.publish.releases import current_release, verify
from edu_pipeline.publish.roles import SECRET_ENV, SECRET_FILE
from edu_pipeline.resources import PipelineSettings
from edu_pipeline.writer_lease import current_writer

MIN_FREE_GIB = 1.0
PACKAGES = ("edu-pipeline", "dagster", "duckdb", "great-expectations", "splink",
            "python-calamine", "pandas", "pyarrow")  # fmt: skip


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    said: str  # what was found, or what is wrong and what to do


def run_checks(settings: PipelineSettings, home: str | None) -> list[Check]:
    """Every check, in the order an operator would fix them."""
    checks: list[Callable[[], Check]] = [
        lambda: _raw_folder(settings.raw_path),
        lambda: _writable("warehouse folder", settings.warehouse_path, "EDU_WAREHOUSE_DIR"),
        lambda: _instance(home),
        lambda: _secret(settings.warehouse_path),
        lambda: _disk(settings.warehouse_path),
        lambda: _writer(settings.warehouse_path),
        lambda: _release(settings.warehouse_path),
        _versions,
    ]
    return [check() for check in checks]


def _raw_folder(raw: Path) -> Check:
    if not raw.is_dir():
        return Check("raw folder", False, f"{raw} does not exist: mount the share or set "
                     "EDU_RAW_DIR")  # fmt: skip
    if not os.access(raw, os.R_OK | os.X_OK):
        return Check("raw folder", False, f"{raw} is not readable by this account")
    files = sum(1 for p in raw.rglob("*") if p.is_file())
    return Check("raw folder", True, f"{raw} ({files} files)")


def _writable(name: str, folder: Path, setting: str) -> Check:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-", suffix=".tmp"):
            pass
    except OSError as error:
        return Check(name, False, f"{folder} is not writable ({error.strerror}): give this "
                     f"account write access, or set {setting}")  # fmt: skip
    return Check(name, True, f"{folder} (writable)")


def _instance(home: str | None) -> Check:
    if not home:
        return Check("Dagster instance", False, "DAGSTER_HOME is not set: runs and schedules "
                     "are not kept between restarts (see docs/operations.md)")  # fmt: skip
    import dagster as dg

    try:
        with dg.DagsterInstance.from_config(home) as instance:
            runs = instance.get_runs_count()
            queued = instance.get_concurrency_config().run_queue_config.tag_concurrency_limits
    except Exception as error:  # an unreadable dagster.yaml, a storage that does not open
        return Check("Dagster instance", False, f"{home} does not open "
                     f"({type(error).__name__}): check {home}/dagster.yaml")  # fmt: skip
    if not any(limit.get("key") == "edu/writer" for limit in queued):
        return Check("Dagster instance", False, f"{home} opens ({runs} runs) but does not queue "
                     "writer runs one at a time: run `edu-pipeline install` (or `make ui` "
                     "for a development instance)")  # fmt: skip
    return Check("Dagster instance", True, f"{home} ({runs} runs kept, one writer at a time)")


def _secret(warehouse: Path) -> Check:
    if os.environ.get(SECRET_ENV):
        return Check("pseudonym secret", True, f"{SECRET_ENV} is set")
    if (warehouse / SECRET_FILE).is_file():
        return Check("pseudonym secret", True, f"{warehouse / SECRET_FILE} (made on the first "
                     f"run; set {SECRET_ENV} to manage it yourself)")  # fmt: skip
    return Check("pseudonym secret", False, f"{SECRET_ENV} is not set and no run made one yet: "
                 "set it in the environment file (analysts' keys depend on it)")  # fmt: skip


def _disk(warehouse: Path) -> Check:
    """Room for the next release beside the last (built whole before the switch), twice
    over for the stage tables and the parse cache; 1 GiB before anything is published."""
    folder = next(p for p in (warehouse, *warehouse.parents) if p.exists())
    release = current_release(warehouse)
    needed = max(MIN_FREE_GIB, 2 * _bytes(release.path) / 2**30 if release else 0)
    free = shutil.disk_usage(folder).free / 2**30
    said = f"{free:.1f} GiB free under {folder}"
    return Check("disk space", free >= needed, said if free >= needed else f"{said}: the next "
                 f"run needs {needed:.1f} GiB; free space or lower EDU_BACKUP_COUNT")  # fmt: skip


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _writer(warehouse: Path) -> Check:
    holder = current_writer(warehouse)
    if holder is None:
        return Check("writer", True, "no run is writing the warehouse")
    return Check("writer", True, f"{holder.describe()} is writing the warehouse now")


def _release(warehouse: Path) -> Check:
    release = current_release(warehouse)
    if release is None:
        return Check("published release", True, "nothing published yet (run `edu-pipeline run`)")
    problems = verify(release)
    if problems:
        return Check("published release", False, f"{release.version} is damaged: "
                     f"{'; '.join(problems)}; `edu-pipeline restore` publishes the one "
                     "before")  # fmt: skip
    return Check("published release", True, f"{release.version}, as of {release.as_of}")


def _versions() -> Check:
    found = []
    for package in PACKAGES:
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            return Check("versions", False, f"{package} is not installed: run `make run` or "
                         "reinstall from requirements.lock")  # fmt: skip
    return Check("versions", True, f"Python {platform.python_version()}, " + ", ".join(found))


def print_report(checks: list[Check]) -> bool:
    """Print one line per check; True when nothing needs fixing."""
    for check in checks:
        print(f"{'ok ' if check.ok else 'FIX'}  {check.name:<18} {check.said}")
    broken = [c.name for c in checks if not c.ok]
    print("doctor: ready to run" if not broken else f"doctor: fix {', '.join(broken)}")
    return not broken
