"""A run that cannot read or write says which folder, what happened and what to do."""

import errno

import dagster as dg
import duckdb
import pytest

from edu_pipeline.failures import io_failure_for
from edu_pipeline.ingest.assets import raw_file_inventory
from edu_pipeline.progress import TerminalProgress
from edu_pipeline.resources import PipelineSettings


@pytest.mark.parametrize(
    ("code", "advice"),
    [(errno.ENOSPC, "Ổ đĩa đã đầy"), (errno.EACCES, "Không có quyền"),
     (errno.EIO, "chạy lại")],
)  # fmt: skip
def test_os_errors_become_advice(tmp_path, code, advice):
    with pytest.raises(dg.Failure) as raised, io_failure_for(tmp_path, "ghi kho dữ liệu"):
        raise OSError(code, "Nguyễn Văn An.xlsx")  # the OS text may quote a person's file
    failure = raised.value
    assert advice in failure.description and str(tmp_path) in failure.description
    assert "Nguyễn" not in failure.description
    assert failure.__cause__ is None and failure.__suppress_context__
    assert failure.allow_retries == (code == errno.EIO)  # a full disk does not empty itself


@pytest.mark.parametrize("said", ["No space left on device", "File too large"])
@pytest.mark.parametrize("kind", [duckdb.IOException, duckdb.FatalException])
def test_duckdb_writing_on_a_full_disk_says_the_disk_is_full(tmp_path, said, kind):
    with pytest.raises(dg.Failure) as raised, io_failure_for(tmp_path, "ghi kho dữ liệu"):
        raise kind(f'Could not write file "/wh/Nguyễn Văn An.duckdb": {said}')
    assert "Ổ đĩa đã đầy" in raised.value.description
    assert "Nguyễn" not in raised.value.description
    assert not raised.value.allow_retries


def test_other_duckdb_errors_are_not_io_trouble(tmp_path):
    with pytest.raises(duckdb.ConversionException), io_failure_for(tmp_path, "ghi kho dữ liệu"):
        raise duckdb.ConversionException("Could not convert string 'x' to INT32")


def test_missing_raw_folder_fails_with_the_folder_and_the_fix(tmp_path):
    settings = PipelineSettings(raw_dir=str(tmp_path / "share"), warehouse_dir=str(tmp_path))
    result = dg.materialize(
        [raw_file_inventory], resources={"settings": settings,
                                         "progress": TerminalProgress(enabled=False)},
        raise_on_error=False,
    )  # fmt: skip
    (failure,) = result.get_step_failure_events()
    description = failure.event_specific_data.user_failure_data.description
    assert str(tmp_path / "share") in description and "EDU_RAW_DIR" in description
