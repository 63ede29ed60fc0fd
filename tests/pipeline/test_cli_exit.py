"""The `edu-pipeline` command ends at once after its output, keeping every line and the exit
code (it skips Python's teardown of the run's frames)."""

import os
import subprocess
import sys
from pathlib import Path

EDU_PIPELINE = Path(sys.executable).with_name("edu-pipeline")


def _without_dagster_home() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("EDU_", "DAGSTER_HOME"))}


def test_the_message_and_exit_code_survive_the_fast_exit(tmp_path):
    completed = subprocess.run(
        [EDU_PIPELINE, "run", "--raw-dir", str(tmp_path / "missing")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert completed.returncode == 2
    assert completed.stderr.strip() == f"edu-pipeline: raw folder not found: {tmp_path / 'missing'}"


def test_output_written_to_a_pipe_is_flushed_before_the_exit(tmp_path):
    completed = subprocess.run(
        [EDU_PIPELINE, "status", "--warehouse-dir", str(tmp_path)], env=_without_dagster_home(),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert completed.returncode == 1  # nothing published there
    assert completed.stdout.splitlines()[-1] == f"warehouse  nothing published yet in {tmp_path}"
