"""Read throughput of the ingest stage against a bare python-calamine read of the same files.

The floor ("bare read") opens every file and materialises every cell as Python values, and
nothing else: python-calamine `to_python()` for workbooks, the `csv` module for CSV/TXT after
a plain decode. The ingest stage does all of its work: encoding and legacy-font repair, header
detection, row classification, attribution, lineage, and the content-hash cache. Cold = empty
cache (every file parsed, by one worker process per core); warm = every file from the cache.
Each figure is the median of `--repeat` runs in this process.

Run: `.venv/bin/python benchmarks/bench_ingest.py --raw-dir /tmp/prov/raw [--repeat 3] [--write]`
(the province sample: `edu-pipeline demo-data --schools 1379 --students-per-school 528
--out /tmp/prov/raw`).
"""

import argparse
import csv
import io
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from markdown_report import write_section
from python_calamine import CalamineWorkbook

from edu_pipeline.ingest.collect import ingest_files
from edu_pipeline.ingest.inventory import scan_raw_dir

SECTION = "## Ingest throughput against a bare python-calamine read"
WORKBOOKS = {".xlsx", ".xlsm", ".xls", ".ods"}


def bare_read(files: list[Path]) -> int:
    """Rows materialised by the floor reader (unreadable files are skipped)."""
    rows = 0
    for path in files:
        try:
            if path.suffix.lower() in WORKBOOKS:
                workbook = CalamineWorkbook.from_path(str(path))
                rows += sum(
                    len(workbook.get_sheet_by_name(n).to_python()) for n in workbook.sheet_names
                )
            else:
                rows += sum(1 for _ in csv.reader(io.StringIO(_decode(path.read_bytes()))))
        except Exception:  # the floor only reads; broken files are the stage's problem
            continue
    return rows


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        try:
            return raw.decode(encoding)
        except UnicodeError:
            continue
    return raw.decode("latin-1")


def ingest(raw_dir: Path, cache_dir: Path, workers: int) -> int:
    result = ingest_files(raw_dir, scan_raw_dir(raw_dir), cache_dir, workers=workers)
    return sum(len(frame) for frame in result.datasets.values())


def timed(func, *args) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (this process and its finished workers) and rows."""
    cpu_before, started = _cpu_seconds(), time.perf_counter()
    rows = func(*args)
    return time.perf_counter() - started, _cpu_seconds() - cpu_before, rows


def _cpu_seconds() -> float:
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF),
                      resource.getrusage(resource.RUSAGE_CHILDREN))
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--write", action="store_true", help="update docs/BENCHMARKS.md")
    args = parser.parse_args()
    files = scan_raw_dir(args.raw_dir)
    paths = [args.raw_dir / f for f in files["source_file"]]
    bare, cold, warm = [], [], []
    for _ in range(args.repeat):
        bare.append(timed(bare_read, paths))
        cache = Path(tempfile.mkdtemp(prefix="edu-ingest-cache-"))
        cold.append(timed(ingest, args.raw_dir, cache, args.workers))
        warm.append(timed(ingest, args.raw_dir, cache, args.workers))
        shutil.rmtree(cache)
    report = _report(args, len(paths), files["size_bytes"].sum(), bare, cold, warm)
    print(report)
    if args.write:
        write_section(SECTION, report)


def _report(args, n_files, size, bare, cold, warm) -> str:
    bare_wall = statistics.median(wall for wall, _, _ in bare)
    bare_cpu = statistics.median(cpu for _, cpu, _ in bare)

    def row(label: str, runs: list[tuple[float, float, int]]) -> str:
        wall = statistics.median(w for w, _, _ in runs)
        cpu = statistics.median(c for _, c, _ in runs)
        rows = runs[0][2]
        times = ", ".join(f"{w:.1f}" for w, _, _ in runs)
        return (
            f"| {label} | {wall:.1f} | {times} | {rows:,} | {rows / wall:,.0f} | "
            f"{wall / bare_wall:.2f}× | {cpu:.1f} | {cpu / bare_cpu:.2f}× |"
        )

    cpus = os.cpu_count()
    return "\n".join([
        SECTION, "",
        f"Machine: {cpus} cores. Data: `{args.raw_dir}` ({n_files:,} files, "
        f"{size / 2**20:.0f} MB). "
        f"Median of {args.repeat} runs; ingest with {args.workers} worker processes.", "",
        "| reader | median (s) | runs (s) | rows | rows/s | × bare read | CPU (s) | × bare CPU |",
        "|---|---|---|---|---|---|---|---|",
        row("bare python-calamine / csv read (floor)", bare),
        row("ingest stage, cold cache", cold),
        row("ingest stage, warm cache", warm), "",
        "Bare rows count every row of every sheet (titles, headers, footers); ingest rows are the "
        "data rows it kept. The target (ingest within 2× the bare read) is on wall time, the "
        "stage using its worker processes as it does in a run; CPU time (this process and its "
        "workers) shows the work itself. Reproduce: `.venv/bin/python "
        f"benchmarks/bench_ingest.py --raw-dir {args.raw_dir} --write`.", "",
    ])  # fmt: skip


if __name__ == "__main__":
    main()
