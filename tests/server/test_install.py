"""`deploy/install.sh` on an empty folder gives a working server; run again, it upgrades in place.

The webserver is started with the generated unit's own command and environment file, and asked
over GraphQL what it serves: the nightly schedule and the sensors, running.
"""

import json
import shutil
import socket
import stat
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import dagster as dg
import pytest
from installed_server import install, service, unit_environment, wait_for

from edu_pipeline.server.install import UNITS, ServerLayout, closed_folder, read_environment

QUERY = """{ repositoriesOrError { ... on RepositoryConnection { nodes {
  schedules { name cronSchedule scheduleState { status } }
  sensors { name sensorState { status } } } } } }"""


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[ServerLayout, subprocess.CompletedProcess]:
    prefix = tmp_path_factory.mktemp("server")
    return ServerLayout(prefix), install(prefix)


@dg.op
def nothing() -> None: ...


@dg.job
def kept_job() -> None:
    nothing()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _graphql(port: int) -> dict | None:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", method="POST",
                                     data=json.dumps({"query": QUERY}).encode(),
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            nodes = json.load(response)["data"]["repositoriesOrError"]["nodes"]
    except (OSError, KeyError, TypeError):
        return None  # not up yet, or the code location still loading
    return nodes[0] if nodes else None


def test_install_says_what_it_did_and_doctor_is_satisfied(server):
    _, done = server
    assert done.returncode == 0, done.stdout + done.stderr
    assert "doctor: ready to run" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_settings_are_one_private_environment_file_with_a_secret(server):
    layout, _ = server
    settings = read_environment(layout.env_file)
    assert stat.S_IMODE(layout.env_file.stat().st_mode) == 0o640
    assert len(settings["EDU_PSEUDONYM_KEY"]) == 64
    assert settings["DAGSTER_HOME"] == str(layout.dagster_home)
    assert Path(settings["EDU_RAW_DIR"]).is_dir() and Path(settings["EDU_WAREHOUSE_DIR"]).is_dir()
    assert stat.S_IMODE(layout.dagster_home.stat().st_mode) == 0o750


def test_the_instance_keeps_history_and_queues_one_writer(server):
    layout, _ = server
    with dg.DagsterInstance.from_config(str(layout.dagster_home)) as instance:
        limits = instance.get_concurrency_config().run_queue_config.tag_concurrency_limits
        assert {"key": "edu/writer", "limit": 1} in limits
        assert instance.run_monitoring_enabled
    assert (layout.dagster_home / "storage").is_dir() or (layout.dagster_home / "history").is_dir()


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_accepts_the_units(server):
    layout, _ = server
    checked = subprocess.run(["systemd-analyze", "verify", *(str(layout.units / u) for u in UNITS)],
                             capture_output=True, text=True, check=False)  # fmt: skip
    assert checked.returncode == 0, checked.stderr


def test_log_rotation_covers_the_services_logs(server):
    layout, _ = server
    rotation = layout.logrotate.read_text()
    for unit in ("edu-pipeline-webserver.service", "edu-pipeline-daemon.service"):
        (log,) = [ln.split(":", 1)[1] for ln in (layout.units / unit).read_text().splitlines()
                  if ln.startswith("StandardOutput=append:")]  # fmt: skip
        assert Path(log).parent == layout.logs
    assert f"{layout.logs}/*.log {{" in rotation and "copytruncate" in rotation


def test_the_webserver_answers_with_the_schedule_and_sensors(server, tmp_path):
    layout, _ = server
    env = unit_environment(layout) | {"EDU_UI_PORT": str(_free_port())}
    log = tmp_path / "webserver.log"
    with service(layout, "edu-pipeline-webserver.service", env, log) as process:
        served = wait_for(lambda: _graphql(int(env["EDU_UI_PORT"])), 240, "the webserver",
                          process, log)  # fmt: skip
    schedules = {s["name"]: s for s in served["schedules"]}
    assert schedules["nightly_province_run"]["cronSchedule"] == "0 1 * * *"
    assert schedules["nightly_province_run"]["scheduleState"]["status"] == "RUNNING"
    sensors = {s["name"]: s["sensorState"]["status"] for s in served["sensors"]}
    assert sensors == {"raw_folder_sensor": "RUNNING", "school_status_after_province": "RUNNING"}


def test_an_upgrade_keeps_the_secret_and_the_history_and_adds_new_settings(server):
    layout, _ = server
    before = read_environment(layout.env_file)
    with dg.DagsterInstance.from_config(str(layout.dagster_home)) as instance:
        run_id = kept_job.execute_in_process(instance=instance).run_id
    # an environment file from a version without the retention setting
    lines = layout.env_file.read_text().splitlines()
    layout.env_file.write_text("\n".join(ln for ln in lines if "RUN_RETENTION" not in ln) + "\n")
    again = install(layout.prefix)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "extended" in again.stdout
    after = read_environment(layout.env_file)
    assert after == before
    with dg.DagsterInstance.from_config(str(layout.dagster_home)) as instance:
        assert instance.get_run_by_id(run_id) is not None


def test_a_warehouse_that_published_keeps_its_secret(tmp_path):
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    (warehouse / ".pseudonym_key").write_text("ab" * 32)
    done = install(tmp_path / "server", "--warehouse-dir", str(warehouse))
    assert done.returncode == 0, done.stdout + done.stderr
    settings = read_environment(ServerLayout(tmp_path / "server").env_file)
    assert settings["EDU_PSEUDONYM_KEY"] == "ab" * 32
    assert settings["EDU_WAREHOUSE_DIR"] == str(warehouse)


def test_a_python_the_service_account_cannot_reach_is_named():
    opened = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        opened.chmod(0o755)
        (opened / "home" / "bin").mkdir(parents=True)
        assert closed_folder(opened / "home" / "bin" / "python") is None
        (opened / "home").chmod(0o700)
        assert closed_folder(opened / "home" / "bin" / "python") == opened / "home"
    finally:
        shutil.rmtree(opened)
