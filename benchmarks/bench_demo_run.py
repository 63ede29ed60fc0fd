"""Time and peak memory of `edu-pipeline run` on the committed demo province.

Each repeat runs the real command in a child process and reads its wall time and peak RSS
(`resource.getrusage(RUSAGE_CHILDREN)`): a cold run into an empty warehouse (every file
parsed), then a warm run into the same warehouse (every file from the parse cache). Prints a
Markdown table; `--write` also replaces the matching section of docs/BENCHMARKS.md.

Run: `.venv/bin/python benchmarks/bench_demo_run.py [--repeat 3] [--write]`
"""

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from markdown_report import write_section

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw" / "demo"
AS_OF = "2026-03-26"
SECTION = "## `edu-pipeline run` on the committed demo province"


def run_once(warehouse: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one `edu-pipeline run` child process."""
    command = [Path(sys.executable).with_name("edu-pipeline"), "run", "--raw-dir", str(RAW),
               "--warehouse-dir", str(warehouse), "--as-of", AS_OF]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDU_")}
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    seconds = time.perf_counter() - started
    # ru_maxrss of the children is the largest child so far; each repeat runs in a fresh
    # interpreter of this script, so the figure is this run's (see main()).
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kib / 1024


def measure(kind: str) -> tuple[float, float]:
    """One measurement in a fresh interpreter so that ru_maxrss is not carried over."""
    code = (
        "import sys, tempfile, shutil; from pathlib import Path; "
        f"sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import bench_demo_run as b; "
        "w = Path(tempfile.mkdtemp()); "
        + ("b.run_once(w); " if kind == "warm" else "")
        + "s, m = b.run_once(w); print(s, m); shutil.rmtree(w)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    seconds, mib = out.stdout.split()
    return float(seconds), float(mib)


def machine() -> str:
    cpus = os.cpu_count()
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    python = platform.python_version()
    return f"{platform.machine()}, {cpus} cores, {memory_gib:.0f} GiB RAM, Python {python}"


def demo_size() -> str:
    files = [p for p in RAW.rglob("*") if p.is_file() and "_truth" not in p.parts]
    rows = sum(1 for _ in (RAW / "_truth" / "people.csv").open(encoding="utf-8")) - 1
    megabytes = sum(p.stat().st_size for p in files) / 2**20
    return f"{len(files)} files, {megabytes:.1f} MB, {rows:,} data rows"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update docs/BENCHMARKS.md")
    args = parser.parse_args()
    lines = [
        SECTION, "", f"Machine: {machine()}. Data: `data/raw/demo` ({demo_size()}).",
        f"Median of {args.repeat} runs, each in a fresh process.", "",
        "| run | median time (s) | runs (s) | peak RSS (MiB) |", "|---|---|---|---|",
    ]  # fmt: skip
    for kind in ("cold", "warm"):
        results = [measure(kind) for _ in range(args.repeat)]
        times = [s for s, _ in results]
        lines.append(
            f"| {kind} | {statistics.median(times):.1f} | "
            f"{', '.join(f'{t:.1f}' for t in times)} | {max(m for _, m in results):.0f} |"
        )
    lines += ["", "cold = empty warehouse, every file parsed; warm = same warehouse again, every "
              "file from the parse cache. Reproduce: `.venv/bin/python "
              "benchmarks/bench_demo_run.py --write`.", ""]  # fmt: skip
    report = "\n".join(lines)
    print(report)
    if args.write:
        write_section(SECTION, report)


if __name__ == "__main__":
    main()
