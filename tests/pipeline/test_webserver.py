"""The real Dagster webserver serves the code location: assets, checks, schedule and sensors."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
QUERY = """{
  repositoriesOrError { ... on RepositoryConnection { nodes {
    location { name }
    schedules { name cronSchedule executionTimezone }
    sensors { name }
    jobs { name } } } }
  assetNodes { assetKey { path } groupName description
    owners { ... on TeamAssetOwner { team } }
    assetChecksOrError { ... on AssetChecks { checks { name description } } } }
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, data: bytes | None = None) -> bytes:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


@pytest.fixture
def webserver(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDU_", "DAGSTER_HOME"))}
    env.update(DAGSTER_HOME=str(tmp_path), EDU_RAW_DIR=str(REPO / "data/raw/demo"),
               EDU_WAREHOUSE_DIR=str(tmp_path / "warehouse"))  # fmt: skip
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    process = subprocess.Popen(
        [Path(sys.executable).with_name("dagster-webserver"), "-w", str(REPO / "workspace.yaml"),
         "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            _get(base + "/server_info")
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the webserver did not answer within 180 s"
            time.sleep(1)
    yield base, process, port
    if process.poll() is None:
        process.kill()


def test_ui_serves_assets_checks_schedule_and_sensors_then_stops(webserver):
    base, process, port = webserver
    answer = json.loads(_get(base + "/graphql", json.dumps({"query": QUERY}).encode()))
    assert "errors" not in answer, answer.get("errors")
    (repository,) = answer["data"]["repositoriesOrError"]["nodes"]
    assert repository["location"]["name"] == "edu_pipeline.definitions"
    assert repository["schedules"] == [{"name": "nightly_province_run",
                                        "cronSchedule": "0 1 * * *",
                                        "executionTimezone": "Asia/Ho_Chi_Minh"}]  # fmt: skip
    assert {s["name"] for s in repository["sensors"]} == {
        "raw_folder_sensor", "school_status_after_province"}
    assert {"province_job", "school_job", "school_status_job"} <= {
        j["name"] for j in repository["jobs"]}
    assets = {"/".join(a["assetKey"]["path"]): a for a in answer["data"]["assetNodes"]}
    assert {"warehouse", "school_status", "dq_scorecard", "fct_fee_collection"} <= set(assets)
    assert {a["groupName"] for a in assets.values()} == {
        "ingest", "normalize", "dedupe", "quality", "publish", "schools"}
    assert all(a["owners"] and " / " in a["description"] for a in assets.values())
    checks = {c["name"]: c["description"] for a in assets.values()
              for c in a["assetChecksOrError"].get("checks", [])}  # fmt: skip
    assert {"students_correct", "teachers_fresh", "fees_correct", "registry_present",
            "row_accounting", "published_contract"} <= set(checks)
    assert all(checks.values())
    process.send_signal(signal.SIGINT)  # how a service manager or Ctrl-C stops it
    assert process.wait(timeout=30) == 0
    with pytest.raises(ConnectionRefusedError):  # nothing listens any more
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
