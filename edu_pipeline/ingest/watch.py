"""What changed in the raw folder since the last look, by content, cheaply.

The sensor looks every minute. Hashing 3,000 files (100 MB) each time would be wasteful, so a
file is hashed only when its size or modification time moved; a file touched but unchanged
(copied again from the same USB stick) keeps its hash and starts nothing. Schools' files arrive
in bursts (a folder copied from a stick, 200 e-mail attachments saved at once): a change is
acted on only once no file has moved for `settle_seconds`, so a burst is one run, not 200.

Example::

    before = FolderState.from_json(cursor)
    change = look(raw_dir, before, now=time.time(), settle_seconds=60)
    if change.settled and change.files:  # one run for the whole burst
        cursor = change.state.to_json()
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from edu_pipeline.ingest.inventory import file_sha256, input_files

HASH_CHARS = 16  # enough to tell versions of one path apart; the cursor stays small


@dataclass(frozen=True)
class FileStamp:
    """Size, modification time (ns) and content hash prefix of one file."""

    size: int
    mtime_ns: int
    sha: str


@dataclass
class FolderState:
    """Every input file under the raw folder, by path relative to it."""

    files: dict[str, FileStamp] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({p: [s.size, s.mtime_ns, s.sha] for p, s in sorted(self.files.items())},
                          separators=(",", ":"))  # fmt: skip

    @classmethod
    def from_json(cls, text: str | None) -> FolderState:
        if not text:
            return cls()
        return cls({p: FileStamp(*stamp) for p, stamp in json.loads(text).items()})


@dataclass(frozen=True)
class Change:
    """New, changed and removed files; `settled` when none moved in the last seconds."""

    state: FolderState
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    settled: bool

    @property
    def files(self) -> tuple[str, ...]:
        return self.added + self.changed + self.removed

    @property
    def folders(self) -> tuple[str, ...]:
        """Top-level folders touched (a school's folder, the registry, a shared folder)."""
        return tuple(sorted({path.split("/", 1)[0] for path in self.files}))


def look(raw_dir: Path, before: FolderState, now: float, settle_seconds: float) -> Change:
    """Compare the raw folder with `before`; hash only files whose size or time moved."""
    files: dict[str, FileStamp] = {}
    newest = 0
    for path, stat in input_files(raw_dir):
        old = before.files.get(path)
        if old and (old.size, old.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            files[path] = old
            continue
        sha = file_sha256(raw_dir / path)[:HASH_CHARS]
        files[path] = FileStamp(stat.st_size, stat.st_mtime_ns, sha)
        newest = max(newest, stat.st_mtime_ns)
    added = tuple(sorted(set(files) - set(before.files)))
    removed = tuple(sorted(set(before.files) - set(files)))
    changed = tuple(sorted(p for p in set(files) & set(before.files)
                           if files[p].sha != before.files[p].sha))  # fmt: skip
    settled = now - newest / 1e9 >= settle_seconds
    return Change(FolderState(files), added, changed, removed, settled)

