"""Published warehouses as releases: one atomic switch, the last N kept, each verifiable.

A release is a complete warehouse in its own folder::

    <warehouse>/releases/<version>/edu.duckdb, parquet/, manifest.json
    <warehouse>/current     -> releases/<version>     (a symbolic link)
    <warehouse>/edu.duckdb  -> current/edu.duckdb     (what analysts open)
    <warehouse>/parquet     -> current/parquet
    <warehouse>/analytics, open, schools -> current/…   (outputs by role, `roles.py`)
    <warehouse>/report      -> current/report     (the quarterly report, `report.py`)

A run builds its release in a hidden folder, renames it into `releases/`, then switches
`current` with one `rename` of a new link over the old one: the database and the Parquet files
change together, at one instant. A run killed at any step before that leaves `current` on the
last good release; one killed after it has published. A reader who opened `edu.duckdb` keeps
reading the release it opened (its file stays, even when pruned, until it closes). The
`manifest.json` records the row count of every table, so a release can be checked before it is
restored (`backups.py`). Files are readable by their owner only: they hold children's data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

DATABASE_NAME = "edu.duckdb"
PARQUET_DIR = "parquet"
SCHEMA = "marts"
RELEASES_DIR = "releases"
# what users open, through `current`
ENTRIES = (DATABASE_NAME, PARQUET_DIR, "analytics", "open", "schools", "report")
CURRENT = "current"
MANIFEST = "manifest.json"
VERSION_FORMAT = "%Y%m%dT%H%M%SZ"


class ReleaseError(RuntimeError):
    """A release is missing, unreadable, or does not match its manifest."""


@dataclass(frozen=True)
class Release:
    version: str
    path: Path
    created_at: str
    as_of: str | None
    row_counts: dict[str, int]
    input_fingerprint: str | None = None  # `fingerprints.inputs_fingerprint` it was built from


def new_release_folder(warehouse_dir: Path) -> tuple[str, Path]:
    """A version (UTC time stamp) and the hidden folder to build it in."""
    releases = warehouse_dir / RELEASES_DIR
    releases.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime(VERSION_FORMAT)
    version, n = stamp, 1
    while (releases / version).exists():
        n += 1
        version = f"{stamp}-{n}"
    building = releases / f".{version}.{uuid.uuid4().hex[:8]}.tmp"
    building.mkdir()
    return version, building


def seal(
    building: Path,
    version: str,
    row_counts: dict[str, int],
    as_of: str | None,
    input_fingerprint: str | None = None,
) -> Path:
    """Write the manifest, make the files owner-only and give the release its name."""
    manifest = {
        "version": version,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "as_of": as_of,
        "input_fingerprint": input_fingerprint,
        "row_counts": row_counts,
    }
    (building / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    owner_only(building)
    final = building.parent / version
    building.rename(final)
    return final


def switch_to(warehouse_dir: Path, version: str) -> None:
    """Point `current` at a release (one atomic rename), then make sure the entry links exist."""
    link = warehouse_dir / f".{CURRENT}.{uuid.uuid4().hex[:8]}.tmp"
    link.symlink_to(Path(RELEASES_DIR) / version, target_is_directory=True)
    os.replace(link, warehouse_dir / CURRENT)
    for name in ENTRIES:
        _entry_link(warehouse_dir, name)


def _entry_link(warehouse_dir: Path, name: str) -> None:
    """`<warehouse>/<name>` -> `current/<name>`, replacing a file or folder of the old layout."""
    path, target = warehouse_dir / name, Path(CURRENT) / name
    if path.is_symlink() and Path(os.readlink(path)) == target:
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)  # a warehouse published before releases existed
    link = warehouse_dir / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
    link.symlink_to(target)
    os.replace(link, path)


def current_release(warehouse_dir: Path) -> Release | None:
    """The published release, or None when nothing (readable) is published."""
    version = current_version(warehouse_dir)
    if version is None:
        return None
    try:
        return read_release(warehouse_dir / RELEASES_DIR / version)
    except ReleaseError:
        return None


def current_version(warehouse_dir: Path) -> str | None:
    link = warehouse_dir / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def list_releases(warehouse_dir: Path) -> list[Release]:
    """Releases oldest first (half-built ones, still hidden, are not listed)."""
    root = warehouse_dir / RELEASES_DIR
    if not root.is_dir():
        return []
    return [read_release(p) for p in sorted(root.iterdir()) if (p / MANIFEST).is_file()]


def read_release(path: Path) -> Release:
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        message = f"release {path.name}: unreadable manifest ({type(error).__name__})"
        raise ReleaseError(message) from error
    return Release(
        version=manifest["version"],
        path=path,
        created_at=manifest["created_at"],
        as_of=manifest.get("as_of"),
        row_counts={k: int(v) for k, v in manifest["row_counts"].items()},
        input_fingerprint=manifest.get("input_fingerprint"),
    )


def prune(warehouse_dir: Path, keep: int) -> list[str]:
    """Delete all but the newest ``keep`` releases (never the current one); return them."""
    current = current_version(warehouse_dir)
    old = [r for r in list_releases(warehouse_dir)[: -max(keep, 1)] if r.version != current]
    for release in old:
        shutil.rmtree(release.path, ignore_errors=True)
    for leftover in (warehouse_dir / RELEASES_DIR).glob(".*.tmp"):  # a killed run's build
        shutil.rmtree(leftover, ignore_errors=True)
    return [r.version for r in old]


def owner_only(path: Path) -> None:
    """Make ``path`` (a file, or a folder and all below it) readable by its owner only."""
    for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
        item.chmod(0o700 if item.is_dir() else 0o600)


def verify(release: Release) -> list[str]:
    """What is wrong with a release (empty: it opens and holds the recorded rows)."""
    try:
        with duckdb.connect(str(release.path / DATABASE_NAME), read_only=True) as connection:
            found = {
                table: connection.execute(f"SELECT count(*) FROM {SCHEMA}.{table}").fetchone()[0]
                for table in release.row_counts
            }
    except duckdb.Error as error:
        return [f"the database does not open or lacks a table: {type(error).__name__}"]
    problems = [
        f"{table}: {found[table]} rows, {expected} recorded"
        for table, expected in release.row_counts.items()
        if found[table] != expected
    ]
    return problems + [
        f"parquet/{table}.parquet is missing"
        for table in release.row_counts
        if not (release.path / PARQUET_DIR / f"{table}.parquet").is_file()
    ]
