"""What storing one event costs: Dagster's SQLite event log against the server's pooled one.

Each storage gets a fresh instance in a temporary folder and stores `--events` engine events
into one run, `--repeat` times (the first batch also creates the run's database); the report
gives the median milliseconds per event of the later batches. A one-school run stores ~570
events (`bench_scale.py`'s runs: each step's start and end, every input, output and check).

    .venv/bin/python benchmarks/bench_event_log.py [--events 200] [--repeat 5]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import dagster as dg
from dagster._core.storage.dagster_run import DagsterRun

from edu_pipeline.server.install import render

STORAGES = {
    "Dagster's SqliteEventLogStorage": lambda home: "telemetry:\n  enabled: false\n",
    "PooledSqliteEventLogStorage (deploy/dagster.yaml)": lambda home: render(
        "dagster.yaml", {"DAGSTER_HOME": str(home)}
    ),
}


def milliseconds_per_event(instance_yaml, events: int, repeat: int) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        (home / "dagster.yaml").write_text(instance_yaml(home))
        with dg.DagsterInstance.from_config(str(home)) as instance:
            run = instance.add_run(DagsterRun(job_name="bench", run_id="bench-run"))
            batches = []
            for _ in range(repeat + 1):
                started = time.perf_counter()
                for i in range(events):
                    instance.report_engine_event(f"event {i}", run)
                batches.append((time.perf_counter() - started) / events * 1000)
    return batches[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("| event log storage | ms per event (median) | batches (ms) |")
    print("|---|---|---|")
    for name, instance_yaml in STORAGES.items():
        batches = milliseconds_per_event(instance_yaml, args.events, args.repeat)
        print(f"| {name} | {statistics.median(batches):.2f} | "
              f"{', '.join(f'{b:.2f}' for b in batches)} |")  # fmt: skip


if __name__ == "__main__":
    main()
