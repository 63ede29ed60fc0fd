"""Failures an officer can act on: which folder or file, what happened, what to do.

A stage that cannot read the raw folder or write the warehouse fails with a `dagster.Failure`
whose description says it in Vietnamese and English; the UI shows it on the run, and
`edu-pipeline run` prints it. Only paths and error kinds appear, never data.

Example::

    with io_failure_for(settings.warehouse_path, "ghi kho dữ liệu / writing the warehouse"):
        publish_marts(...)
"""

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

DISK_FULL = (
    "Ổ đĩa đã đầy: giải phóng dung lượng rồi chạy lại / the disk is full: free space, then run "
    "again"
)
ADVICE = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,
    errno.EFBIG: DISK_FULL,  # a file larger than the file system (or the process) allows
    errno.EACCES: "Không có quyền ghi/đọc: kiểm tra quyền của thư mục cho tài khoản chạy "
    "Dagster / permission denied: give the Dagster account access to the folder",
    errno.ENOENT: "Không tìm thấy: kiểm tra đường dẫn trong tệp cấu hình (EDU_RAW_DIR, "
    "EDU_WAREHOUSE_DIR) / not found: check the folder settings",
    errno.EROFS: "Ổ đĩa chỉ cho đọc / the file system is read-only",
}
DEFAULT_ADVICE = "Lỗi đọc/ghi tạm thời: chạy lại; nếu lặp lại, báo bộ phận kỹ thuật / an I/O " \
    "error, often transient: run again, and call the technical team if it repeats"


def missing_raw_folder(raw: Path) -> dg.Failure:
    """The raw folder is not there (an unmounted share, a wrong setting)."""
    return dg.Failure(
        description=f"Không tìm thấy thư mục nhận dữ liệu {raw}. Kiểm tra ổ đĩa chia sẻ đã được "
        f"gắn và EDU_RAW_DIR / The raw folder {raw} does not exist: check the share is "
        "mounted and EDU_RAW_DIR.",
        metadata={"folder": dg.MetadataValue.path(str(raw))},
        allow_retries=False,  # the sensor starts a run once the folder is back
    )


@contextmanager
def io_failure_for(path: Path, doing: str) -> Iterator[None]:
    """Turn an OSError while `doing` something in `path` into a Failure that says what to do."""
    try:
        yield
    except (OSError, duckdb.Error) as error:
        code = os_error_code(error)
        # DuckDB reports a full disk as an IOException, or at a checkpoint as a FatalException
        # quoting the OS error; any other DuckDB error is no I/O trouble of ours
        if isinstance(error, duckdb.Error) and not (code or isinstance(error, duckdb.IOException)):
            raise
        advice = ADVICE.get(code, DEFAULT_ADVICE)
        facts = {"folder": dg.MetadataValue.path(str(path)), "error": type(error).__name__,
                 "errno": code}  # fmt: skip
        # The OS message can quote a file name holding a person's name: the type is enough.
        transient = code not in ADVICE  # a full disk does not empty itself
        raise dg.Failure(
            description=f"Lỗi khi {doing} tại {path}: {advice}.", metadata=facts,
            allow_retries=transient,
        ) from None


def os_error_code(error: Exception) -> int:
    """The OS error number of an `OSError`, or one DuckDB quotes in its own error's text.

    >>> os_error_code(duckdb.IOException("Could not write file: No space left on device"))
    28
    """
    if isinstance(error, OSError):
        return error.errno or 0
    text = str(error)
    return next((code for code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
                 if os.strerror(code) in text), 0)  # fmt: skip
