"""Backups and restores of the published warehouse, each checked against its manifest.

Every publish keeps the last N releases (`releases.py`, `EDU_BACKUP_COUNT`), so a bad night
is undone by switching back to an earlier release; `back_up` also copies the current release
to another folder (another disk) for when the server's disk is lost::

    restore(Path("data/warehouse"))                       # back to the release before
    restore(Path("data/warehouse"), "20261128T004512Z")   # or a given one
    back_up(Path("data/warehouse"), Path("/mnt/backup/edu"))
    restore(Path("data/warehouse"), "20261128T004512Z", source=Path("/mnt/backup/edu"))

A release is refused when its database does not open or its tables do not hold the rows its
manifest recorded; the published warehouse is then left as it was.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from edu_pipeline.publish.releases import (
    RELEASES_DIR,
    Release,
    ReleaseError,
    current_version,
    list_releases,
    owner_only,
    read_release,
    switch_to,
    verify,
)


def back_up(warehouse_dir: Path, target_dir: Path) -> Release:
    """Copy the current release, checked, into ``target_dir/<version>/``."""
    version = current_version(warehouse_dir)
    if version is None:
        raise ReleaseError(f"nothing published in {warehouse_dir} to back up")
    release = read_release(warehouse_dir / RELEASES_DIR / version)
    _copy_checked(release, target_dir)
    return read_release(target_dir / version)


def restore(warehouse_dir: Path, version: str | None = None, source: Path | None = None) -> Release:
    """Publish a checked release again: ``version`` (from ``source`` when given, copied into
    the releases first), else the newest release older than the current one."""
    if source is not None:
        if version is None:
            raise ReleaseError("restoring from another folder needs a VERSION")
        _copy_checked(read_release(source / version), warehouse_dir / RELEASES_DIR)
    releases = {r.version: r for r in list_releases(warehouse_dir)}
    current = current_version(warehouse_dir)
    chosen = version or max((v for v in releases if current is None or v < current), default=None)
    if chosen is None:
        raise ReleaseError(f"no earlier release in {warehouse_dir / RELEASES_DIR} to restore")
    if chosen not in releases:
        raise ReleaseError(f"no release {chosen!r}; available: {', '.join(sorted(releases))}")
    problems = verify(releases[chosen])
    if problems:
        raise ReleaseError(f"release {chosen} is damaged: {'; '.join(problems)}")
    switch_to(warehouse_dir, chosen)
    return releases[chosen]


def _copy_checked(release: Release, target_dir: Path) -> None:
    """Copy a release folder into ``target_dir`` (built hidden, then renamed), if it is sound."""
    problems = verify(release)
    if problems:
        raise ReleaseError(f"release {release.version} is damaged: {'; '.join(problems)}")
    final = target_dir / release.version
    if final.exists():
        return
    target_dir.mkdir(parents=True, exist_ok=True)
    building = target_dir / f".{release.version}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        shutil.copytree(release.path, building)
        owner_only(building)
        building.rename(final)
    finally:
        shutil.rmtree(building, ignore_errors=True)
