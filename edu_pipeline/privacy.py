"""Folders that hold children's personal data are closed to other users of the server.

Why folders: the stage, the parse cache and the feedback workbooks are written by several
libraries (pyarrow, openpyxl, Dagster) that create files with the process umask, usually
0644. A folder only its owner may enter (0700) keeps every file inside unreadable to others,
whatever mode the writer gave it, without touching the process-wide umask of a Dagster
server that other code locations share.

Example::

    stage = private_dir(settings.stage_path)  # created if needed, mode 0700
"""

from __future__ import annotations

from pathlib import Path

PRIVATE_DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` (with parents) and let only its owner enter it; return it."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(PRIVATE_DIR_MODE)
    return path
