"""Runs started at once on one warehouse (the nightly schedule, the raw-folder sensor, an
officer's "Materialize", `edu-pipeline run`) take turns: one writes, another waits for it, a
run that may not wait that long stops with a clear message, and the warehouse ends whole.

The first run is what the Dagster daemon or UI launches: `province_job` on the multiprocess
executor, each step in its own process, in a child process of the test (its run worker). The
others are `edu-pipeline run` commands.
"""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from edu_pipeline.demo import generate_province
from edu_pipeline.publish.releases import current_release, list_releases, verify
from edu_pipeline.writer_lease import current_writer, read_holder

EDU_PIPELINE = Path(sys.executable).with_name("edu-pipeline")
ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-03-26"
MULTIPROCESS_RUN = textwrap.dedent(f"""
    import sys, warnings
    warnings.filterwarnings("ignore")
    import dagster as dg
    from dagster._core.definitions.reconstruct import ReconstructableRepository
    location = ReconstructableRepository.for_module(
        "edu_pipeline.definitions", "defs", {str(ROOT)!r})
    config = {{"execution": {{"config": {{"multiprocess": {{
        "max_concurrent": 2, "start_method": {{"forkserver": {{}}}}}}}}}},
        "loggers": {{"console": {{"config": {{"log_level": "CRITICAL"}}}}}}}}
    with dg.DagsterInstance.get() as instance:
        job = location.get_reconstructable_job("province_job")
        result = dg.execute_job(job, instance=instance, run_config=config)
    sys.exit(0 if result.success else 1)
""")  # fmt: skip


def _env(tmp_path: Path, raw: Path, warehouse: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDU_", "DAGSTER_HOME"))}
    return {**env, "EDU_RAW_DIR": str(raw), "EDU_WAREHOUSE_DIR": str(warehouse),
            "EDU_AS_OF": AS_OF, **extra}  # fmt: skip


def _cli(env: dict[str, str], *extra: str) -> subprocess.Popen:
    return subprocess.Popen([EDU_PIPELINE, "run", *extra], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def _wait_for_writer(warehouse: Path, pid: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        holder = read_holder(warehouse)
        if holder is not None and holder.pid == pid:
            return
        time.sleep(0.1)
    pytest.fail("the first run never took the writer lease")


def test_runs_at_once_take_turns_and_the_warehouse_ends_whole(tmp_path):
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    generate_province(raw, schools=3, students_per_school=20, seed=11)
    (tmp_path / "home").mkdir()
    daemon_env = _env(tmp_path, raw, warehouse, DAGSTER_HOME=str(tmp_path / "home"))
    first = subprocess.Popen([sys.executable, "-c", MULTIPROCESS_RUN], env=daemon_env,
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)  # fmt: skip
    # the lease names the run worker, not the step process that took it
    _wait_for_writer(warehouse, first.pid)
    patient = _cli(_env(tmp_path, raw, warehouse), "--force")
    impatient = _cli(_env(tmp_path, raw, warehouse, EDU_WRITER_WAIT_MINUTES="0.05"))

    impatient_out, impatient_err = impatient.communicate(timeout=300)
    assert first.poll() is None, "the impatient run should have stopped while the first wrote"
    assert impatient.returncode == 1
    assert "another run is writing the warehouse: run " in impatient_err
    assert "stopped without writing anything. Run it again later." in impatient_err
    assert "Traceback" not in impatient_out + impatient_err

    first_out, _ = first.communicate(timeout=600)
    patient_out, patient_err = patient.communicate(timeout=600)
    assert first.returncode == 0, first_out
    assert patient.returncode == 0, patient_out + patient_err
    assert "edu-pipeline: waiting for run " in patient_err

    # two releases, one after the other, both whole; nobody holds the warehouse any more
    releases = list_releases(warehouse)
    assert len(releases) == 2
    assert current_release(warehouse).version == releases[-1].version
    assert all(verify(release) == [] for release in releases)
    assert current_writer(warehouse) is None
    assert not [p for p in warehouse.rglob("*.tmp")]
