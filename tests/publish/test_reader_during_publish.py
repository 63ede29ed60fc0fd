"""An analyst's process holding a read-only connection neither blocks a publish nor sees it
half-done: its connection keeps the release it opened; a new connection sees the new one."""

import subprocess
import sys
import textwrap

from edu_pipeline.publish.warehouse import publish_marts
from tests.publish.marts import marts_with

READER = textwrap.dedent("""
    import sys, duckdb
    path = sys.argv[1]
    held = duckdb.connect(path, read_only=True)
    count = "SELECT count(*) FROM marts.dim_school"
    print(held.execute(count).fetchone()[0], flush=True)
    sys.stdin.readline()  # the parent publishes meanwhile
    again = held.execute(count).fetchone()[0]
    held.close()
    fresh = duckdb.connect(path, read_only=True).execute(count).fetchone()[0]
    print(again, fresh, flush=True)
""")


def test_a_reader_in_another_process_during_a_publish(tmp_path):
    publish_marts(marts_with(2), tmp_path)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(tmp_path / "edu.duckdb")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert reader.stdout.readline().strip() == "2"
        publish_marts(marts_with(5), tmp_path)  # must not wait for, or disturb, the reader
        out, err = reader.communicate("go\n", timeout=60)
    finally:
        reader.kill()
    assert out.split() == ["2", "5"], err[-500:]
