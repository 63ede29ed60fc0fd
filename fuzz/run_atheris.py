"""Coverage-guided fuzzing of the targets (`targets.py`) with atheris, for a time budget.

    .venv/bin/python fuzz/run_atheris.py --seconds 60           # every target, 60 s each
    .venv/bin/python fuzz/run_atheris.py --target files --seconds 600

Each target runs in its own libFuzzer process, its Python code instrumented (`edu_pipeline`
only: the Rust of calamine is not), starting from the seed corpus (`seeds.py`) and what earlier
runs kept in `<work>/corpus-<target>`. An input that makes a target raise anything but a
finding is a crash: libFuzzer saves it as `<work>/crash-<target>-*`, this script prints it and
exits 1. A crash becomes a regression test in `tests/fuzzing/` (the input written by code).
Where atheris does not install (it ships Linux x86-64 wheels), the script says so and exits 0:
the hypothesis tests in `tests/fuzzing/` still run there.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ("files", "headers", "text")
EXECUTED = re.compile(r"stat::number_of_executed_units:\s+(\d+)")
COVERAGE = re.compile(r"#\d+\s+\w+\s+cov: (\d+)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=TARGETS, action="append")
    parser.add_argument("--seconds", type=int, default=60, help="budget per target")
    parser.add_argument("--work", type=Path, default=Path("/tmp/edu-pipeline-fuzz"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args, libfuzzer_args = parser.parse_known_args()
    if args.child:
        return _fuzz(args.target[0], libfuzzer_args)
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("fuzz: atheris is not installed on this platform; the hypothesis fuzz tests in "
              "tests/fuzzing/ cover the same targets")  # fmt: skip
        return 0
    crashed = [t for t in args.target or TARGETS if not _run_target(t, args.seconds, args.work)]
    return 1 if crashed else 0


def _run_target(target: str, seconds: int, work: Path) -> bool:
    """One target for ``seconds``, in libFuzzer processes; print its figures; True when
    nothing crashed that a run would not survive.

    calamine aborts the process (no exception) on some broken .xls records; a run reads each
    file in a worker, which dies alone and leaves the file a `read_crashed` finding. So a
    `files` crash is replayed the way a run reads files: contained, it is counted and the
    fuzzing goes on (libFuzzer stops at each crash); not contained, it is a failure.
    """
    sys.path.insert(0, str(ROOT))
    from fuzz.seeds import write_corpus

    corpus, seeds = work / f"corpus-{target}", work / f"seeds-{target}"
    corpus.mkdir(parents=True, exist_ok=True)
    seeds.mkdir(parents=True, exist_ok=True)
    seeds_written = write_corpus(seeds) if target == "files" else 0
    print(f"fuzz: {target}: {seconds} s from {seeds_written} seed files and "
          f"{sum(1 for _ in corpus.iterdir())} kept inputs…", flush=True)  # fmt: skip
    started, runs, contained, done = time.monotonic(), 0, [], None
    while (left := seconds - (time.monotonic() - started)) > 2:
        done = _libfuzzer(target, corpus, seeds, int(left), work)
        runs += sum(int(n) for n in EXECUTED.findall(done.stderr))
        crashes = sorted(work.glob(f"crash-{target}-*"))  # crashes, out-of-memory, timeouts
        if done.returncode == 0 and not crashes:
            break
        for crash in crashes:
            if target != "files" or not _contained(crash):
                print(f"fuzz: {target}: CRASH after {runs:,} inputs; input: {crash}")
                print("\n".join(done.stderr.splitlines()[-40:]), file=sys.stderr)
                return False
            contained.append(crash.rename(crash.with_name("contained-" + crash.name)))
    coverage = COVERAGE.findall(done.stderr if done else "") or ["?"]
    extra = f", {len(contained)} aborts contained by the reading workers" if contained else ""
    print(f"fuzz: {target}: clean, {runs:,} inputs{extra}, coverage {coverage[-1]}, "
          f"{time.monotonic() - started:.0f} s")  # fmt: skip
    return True


def _libfuzzer(target: str, corpus: Path, seeds: Path, seconds: int, work: Path):
    return subprocess.run(
        [sys.executable, __file__, "--child", "--target", target, str(corpus), str(seeds),
         f"-max_total_time={seconds}", "-timeout=30", "-rss_limit_mb=3072", "-max_len=65536",
         f"-artifact_prefix={work}/crash-{target}-", "-print_final_stats=1"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


def _contained(crash: Path) -> bool:
    """Whether a run survives this `files` input: read as a run reads files (a worker
    process, `ingest/cache.py`), it must end as a file-level finding."""
    import hashlib
    import tempfile

    from edu_pipeline.ingest.cache import ParseCache
    from fuzz.targets import LIMITS, REASONS, SUFFIXES

    data = crash.read_bytes()
    if not data:
        return False
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{SUFFIXES[data[0] % len(SUFFIXES)]}"
        path.write_bytes(data[1:])
        cache = ParseCache(Path(folder) / "cache", workers=2, limits=LIMITS)
        try:
            (parsed,) = cache.parsed_files([(path, hashlib.sha256(data).hexdigest())])
        except Exception:
            return False
    return parsed.error in REASONS


def _fuzz(target: str, libfuzzer_args: list[str]) -> int:
    import atheris

    sys.path.insert(0, str(ROOT))
    with atheris.instrument_imports(include=["edu_pipeline", "fuzz"]):
        from fuzz import targets
    one_input = {"files": _files, "headers": _headers, "text": _text}[target]
    atheris.Setup([sys.argv[0], *libfuzzer_args], lambda data: one_input(targets, data))
    atheris.Fuzz()
    return 0


def _files(targets, data: bytes) -> None:
    if data:
        targets.read_file_bytes(data[1:], targets.SUFFIXES[data[0] % len(targets.SUFFIXES)])


def _headers(targets, data: bytes) -> None:
    import atheris

    source = atheris.FuzzedDataProvider(data)
    rows, columns = source.ConsumeIntInRange(1, 12), source.ConsumeIntInRange(1, 10)
    words = targets.HEADER_WORDS

    def cell() -> str | None:
        kind = source.ConsumeIntInRange(0, 3)
        if kind == 0:
            return None
        if kind == 1:
            return words[source.ConsumeIntInRange(0, len(words) - 1)]
        return source.ConsumeUnicodeNoSurrogates(source.ConsumeIntInRange(0, 24))

    targets.find_header_in_grid([[cell() for _ in range(columns)] for _ in range(rows)])


def _text(targets, data: bytes) -> None:
    import atheris

    targets.normalize_cell_text(atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(256))


if __name__ == "__main__":
    sys.exit(main())
