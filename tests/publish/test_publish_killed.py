"""A publish killed at any step leaves a whole, readable warehouse, and the next run is clean.

A child process publishes with one step wrapped to SIGKILL itself, before or after the step
(a real kill: no cleanup, no `finally`); the parent then opens what analysts would open.
"""

import subprocess
import sys
import textwrap

import duckdb
import pandas as pd
import pytest

from edu_pipeline.publish.releases import list_releases
from edu_pipeline.publish.warehouse import publish_marts
from tests.publish.marts import marts_with, schools_in

CHILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from edu_pipeline.publish import warehouse
    sys.path.insert(0, {repo!r})
    from tests.publish.marts import marts_with

    step, when, calls = {step!r}, {when!r}, []
    real = getattr(warehouse, step)

    def killed(*args, **kwargs):
        calls.append(1)
        if when == "before" and len(calls) == {nth}:
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args, **kwargs)
        if when == "after" and len(calls) == {nth}:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(warehouse, step, killed)
    warehouse.publish_marts(marts_with(7), Path({warehouse_dir!r}))
""")

# (step wrapped, before/after, which call): the steps of publish_marts in order
STEPS = [
    ("new_release_folder", "after", 1),
    ("_write_table", "after", 3),  # half the tables written
    ("seal", "before", 1),
    ("seal", "after", 1),  # release complete, not yet switched
    ("switch_to", "after", 1),  # switched, old releases not yet pruned
]


@pytest.mark.parametrize(("step", "when", "nth"), STEPS, ids=[f"{s}-{w}" for s, w, _ in STEPS])
def test_killed_publish_leaves_a_whole_warehouse(tmp_path, request, step, when, nth):
    publish_marts(marts_with(3), tmp_path)
    repo = str(request.path.parents[2])
    code = CHILD.format(step=step, when=when, nth=nth, warehouse_dir=str(tmp_path), repo=repo)
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert child.returncode == -9, child.stderr.decode()[-500:]

    published = 7 if step == "switch_to" else 3  # only the switch publishes
    assert schools_in(tmp_path / "edu.duckdb") == published
    parquet = pd.read_parquet(tmp_path / "parquet" / "dim_school.parquet")
    assert len(parquet) == published  # database and Parquet files agree

    publish_marts(marts_with(8), tmp_path)  # the next run recovers on its own
    assert schools_in(tmp_path / "edu.duckdb") == 8
    assert not list(tmp_path.rglob("*.tmp"))
    assert all(r.row_counts["dim_school"] in (3, 7, 8) for r in list_releases(tmp_path))
    with duckdb.connect(str(tmp_path / "edu.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM marts.dim_student").fetchone() == (0,)
