"""Every folder of a run that holds personal data is closed to other users of the server."""

import stat

import pytest

from edu_pipeline.privacy import PRIVATE_DIR_MODE


@pytest.mark.parametrize("folder", ["_stage", "_cache", "feedback", "current/"])
def test_folder_is_owner_only(cli_run, folder):
    assert cli_run.returncode == 0, cli_run.stdout + cli_run.stderr
    path = (cli_run.warehouse / folder).resolve()
    assert path.is_dir()
    assert stat.S_IMODE(path.stat().st_mode) == PRIVATE_DIR_MODE
    assert any(path.iterdir())  # a folder that holds the run's files
