"""`edu-pipeline status`: the last release and every school, in counts, without personal data."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd


def _status(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDU_", "DAGSTER_HOME"))}
    return subprocess.run([Path(sys.executable).with_name("edu-pipeline"), "status", *args],
                          capture_output=True, text=True, timeout=300, env=env, check=False)


def test_every_school_listed_without_people(cli_run):
    assert cli_run.returncode == 0, cli_run.stderr
    shown = _status("--warehouse-dir", str(cli_run.warehouse))
    assert shown.returncode == 0, shown.stderr
    schools = pd.read_csv(cli_run.raw / "_truth" / "schools.csv", dtype=str)
    for code in schools["school_code"]:
        assert code in shown.stdout
    people = pd.read_csv(cli_run.raw / "_truth" / "people.csv", dtype=str, keep_default_na=False)
    for name in people["full_name"].unique():
        assert name not in shown.stdout
    assert "release" in shown.stdout and shown.stderr == ""


def test_one_school_in_detail(cli_run):
    files = pd.read_csv(cli_run.raw / "_truth" / "files.csv", dtype=str, keep_default_na=False)
    sent = files[files["dataset"] == "students"].iloc[0]
    shown = _status("--warehouse-dir", str(cli_run.warehouse), "--school", sent["school_code"])
    assert shown.returncode == 0
    assert sent["source_file"] in shown.stdout
    for dimension in ("correct", "complete", "clean", "fresh"):
        assert dimension in shown.stdout


def test_nothing_published_yet(tmp_path):
    shown = _status("--warehouse-dir", str(tmp_path))
    assert shown.returncode == 1 and "nothing published yet" in shown.stdout
