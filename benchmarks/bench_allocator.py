"""One school's resubmission under each Arrow allocator, runs alternating (`EDU_ARROW_ALLOCATOR`).

The machine's speed drifts by more than the difference measured, so the allocators take
turns: run 1 of each, then run 2 of each, and so on; each run is `bench_scale.py`'s one-school
run (a pupil's birth day moved in one school's list, then `edu-pipeline run --school`) on the
province sample and warehouse that `bench_scale.py` left in `--work`.

    .venv/bin/python benchmarks/bench_allocator.py --work /tmp/scale --repeat 3 \\
        --allocators mimalloc,jemalloc,system
"""

import argparse
import statistics
from pathlib import Path

from bench_scale import run, touch_one_school


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--allocators", default="mimalloc,jemalloc,system")
    args = parser.parse_args()
    raw, warehouse = args.work / "raw_1379_1of1", args.work / "wh"
    allocators = args.allocators.split(",")
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in allocators}
    shift = 100
    for turn in range(args.repeat):
        for name in allocators:
            shift += 1
            code = touch_one_school(raw, shift)
            home = args.work / f"home_alloc_{name}{turn}"
            measured = run(raw, warehouse, home, "--school", code,
                           settings={"EDU_ARROW_ALLOCATOR": name})  # fmt: skip
            runs[name].append(measured)
            print(f"{name} run {turn + 1}: {measured['total']:.1f} s wall, "
                  f"{measured['peak_gib']:.2f} GiB", flush=True)  # fmt: skip
    print("| allocator | one school, median wall (s) | runs (s) | peak RSS (GiB) |")
    print("|---|---|---|---|")
    for name, measured in runs.items():
        walls = [m["total"] for m in measured]
        print(f"| {name} | {statistics.median(walls):.1f} | "
              f"{', '.join(f'{w:.1f}' for w in walls)} | "
              f"{max(m['peak_gib'] for m in measured):.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
