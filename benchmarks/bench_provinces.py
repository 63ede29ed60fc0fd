"""Past one machine: `province_job` on Dagster's multiprocess executor, over several provinces.

The first step of `docs/scale-out.md` on this machine, with the same code path as the UI and
the CLI: N generated provinces (default 8, each its own seed), each one run of `province_job`
from the code location `edu_pipeline.definitions` (as `dagster dev` loads it), configured only
through the `EDU_*` settings and the run config:

- the run config selects the `multiprocess` side of the job's `multi_or_in_process_executor`
  (`max_concurrent` 2): every step runs in a child process, forked from a forkserver that has
  imported the definitions once (`start_method: forkserver`; `--start-method spawn` makes each
  step import them again);
- each run is its own process (as a run launcher starts one run worker per run) with the
  province's `EDU_RAW_DIR`, `EDU_WAREHOUSE_DIR` and `EDU_AS_OF`: `edu_pipeline.definitions`
  reads the settings once, at import, and the step processes inherit the environment and load
  the definitions again;
- all runs go to one persistent Dagster instance (`<work>/dagster_home`, telemetry off), each
  tagged `edu/province=<name>`.

It records, per province, the run status, wall and CPU time, step processes and rows published (the
release's `manifest.json`); checks one province against an in-process run (`execute_in_process`,
as `edu-pipeline run` does): the same row counts and the same content of a few `marts` tables;
and, with `--concurrent 2`, runs two provinces at once. Only counts and times are printed or
written, never a value from the data.

    .venv/bin/python benchmarks/bench_provinces.py --work /tmp/provinces [--provinces 8] [--write]
"""

import argparse
import contextlib
import json
import logging
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Past one machine: province runs on the multiprocess executor"
AS_OF = "2026-03-26"
CODE_LOCATION = "edu_pipeline.definitions"  # pyproject's [tool.dagster] module_name
JOB = "province_job"
# marts compared by content; columns that name a release or a time would be left out
COMPARED_MARTS = ("dim_school", "dim_student", "dim_teacher", "fct_enrollment", "dq_issues",
                  "kpi_school", "kpi_province")  # fmt: skip
IGNORED_COLUMNS = re.compile(r"version|created_at|published_at|run_id", re.IGNORECASE)
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
# What the figures mean. Its numbers were measured by hand when this script was written
# (one step process profiled; a forkserver probe), not by each run.
COST_NOTE = (
    "What this shows: the province is configuration (three variables), the steps run in "
    "other processes with no change in `edu_pipeline`, and they publish the same result. What "
    "it costs: each of the 43 steps is a new process, which opens the Dagster instance again "
    "(SQLAlchemy, Alembic, a revision check of the SQLite storage) and imports whatever its "
    "step needs beyond the preloaded definitions; measured in one such process, 1.7 s of CPU "
    "for its first step against 0.3 s for a later step. On provinces this small that "
    "overhead, not the data, is most of the CPU. The forkserver imports "
    "`edu_pipeline.definitions` once per run (Dagster preloads the code location's module); "
    "with `spawn`, Dagster's default, every step would also import Dagster and the "
    "definitions again (about 3 s of CPU each here; not run end to end). The forkserver "
    "keeps the environment of the moment it started, and with it the settings the preloaded "
    "definitions read (checked: a process forked after `EDU_RAW_DIR` changed still saw the "
    "first value), which is why each province is its own run process."
)


def run_config(mode: str, max_concurrent: int, start_method: str) -> dict:
    """Run config of one run: quiet console, and the executor side the run uses."""
    if mode == "in_process":
        return QUIET
    multiprocess = {"max_concurrent": max_concurrent, "start_method": {start_method: {}}}
    return {**QUIET, "execution": {"config": {"multiprocess": multiprocess}}}


# ---------------------------------------------------------------- child: one run, one process


def run_one(mode: str, province: str, result_file: Path, max_concurrent: int,
            start_method: str) -> None:  # fmt: skip
    """Run `province_job` once in this process, settings from `EDU_*`, and write its facts."""
    warnings.filterwarnings("ignore")
    for name in ("dagster", "dagster._core"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    import dagster as dg
    from dagster._core.definitions.reconstruct import ReconstructableRepository

    tags = {"edu/province": province, "edu/executor": mode}
    config = run_config(mode, max_concurrent, start_method)
    started = time.perf_counter()
    with dg.DagsterInstance.get() as instance:
        if mode == "multiprocess":
            # the code location, as Dagster's own run workers reconstruct it: a step process
            # imports `edu_pipeline.definitions` and finds the job in `defs` by name
            location = ReconstructableRepository.for_module(CODE_LOCATION, "defs", str(ROOT))
            job = location.get_reconstructable_job(JOB)
            result = dg.execute_job(job, instance=instance, run_config=config, tags=tags)
        else:
            from edu_pipeline.definitions import defs

            result = defs.resolve_job_def(JOB).execute_in_process(
                run_config=config, instance=instance, tags=tags, raise_on_error=False
            )
        seconds = time.perf_counter() - started
        facts = {"mode": mode, "run_seconds": seconds, "success": result.success,
                 **step_facts(instance, result.run_id)}  # fmt: skip
    result_file.write_text(json.dumps(facts), encoding="utf-8")
    _stop_forkserver()


def _stop_forkserver() -> None:
    """Stop and reap the forkserver, so the CPU time of the steps (its children) counts in
    this process's, which the parent reads with `wait4`."""
    from multiprocessing import forkserver

    with contextlib.suppress(Exception):  # a private helper: only the CPU figure needs it
        forkserver._forkserver._stop()


def step_facts(instance, run_id: str) -> dict:
    """Status, steps, step processes and retries of a run, from its event log."""
    run = instance.get_run_by_id(run_id)
    pids, succeeded, failed, retries = set(), 0, 0, 0
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        kind = event.event_type_value
        if kind == "STEP_START":  # emitted by the process that runs the step
            pids.add(event.pid)
        succeeded += kind == "STEP_SUCCESS"
        failed += kind == "STEP_FAILURE"
        retries += kind == "STEP_UP_FOR_RETRY"
    return {"status": run.status.value, "steps": succeeded, "failed_steps": failed,
            "retries": retries, "step_pids": len(pids),
            "steps_in_run_process": os.getpid() in pids}  # fmt: skip


# ---------------------------------------------------------------- parent: data, runs, report


def generate(work: Path, count: int, schools: int, students: int) -> list[dict]:
    """The provinces, generated once (kept when their parameters did not change)."""
    from edu_pipeline.demo import generate_province

    provinces = []
    for i in range(1, count + 1):
        name, seed = f"province-{i:02d}", 2026 + i
        raw = work / "raw" / name
        params = {"schools": schools, "students_per_school": students, "seed": seed}
        facts_file = work / "raw" / f"{name}.json"
        facts = json.loads(facts_file.read_text()) if facts_file.exists() else {}
        if facts.get("params") != params or not (raw / "_truth" / "schools.csv").exists():
            summary = generate_province(raw, schools=schools, students_per_school=students,
                                        seed=seed)  # fmt: skip
            facts = {"params": params, "files": summary.files, "data_rows": summary.data_rows,
                     "fee_lines": summary.fee_lines}  # fmt: skip
            facts_file.write_text(json.dumps(facts), encoding="utf-8")
        provinces.append({"name": name, "raw": raw, **facts})
    return provinces


def start_run(province: dict, warehouse: Path, mode: str, work: Path,
              args: argparse.Namespace) -> tuple[subprocess.Popen, Path, float]:  # fmt: skip
    """Start one run in a child process with the province's settings (cold: empty warehouse)."""
    shutil.rmtree(warehouse, ignore_errors=True)
    home = work / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDU_")}
    env.update(DAGSTER_HOME=str(home), EDU_RAW_DIR=str(province["raw"]),
               EDU_WAREHOUSE_DIR=str(warehouse), EDU_AS_OF=AS_OF,
               PYTHONWARNINGS="ignore")  # fmt: skip
    result_file = work / "results" / f"{warehouse.parent.name}-{province['name']}.json"
    result_file.parent.mkdir(parents=True, exist_ok=True)
    result_file.unlink(missing_ok=True)
    log = work / "logs" / f"{warehouse.parent.name}-{province['name']}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, __file__, "--run-one", mode, "--province", province["name"],
               "--result", str(result_file), "--max-concurrent", str(args.max_concurrent),
               "--start-method", args.start_method]  # fmt: skip
    with log.open("wb") as out:  # Dagster's and the libraries' own output, off the terminal
        child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=out)
    return child, result_file, time.perf_counter()


def finish_run(child: subprocess.Popen, result_file: Path, started: float,
               warehouse: Path) -> dict:  # fmt: skip
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    facts = json.loads(result_file.read_text()) if result_file.exists() else {}
    manifest = warehouse / "current" / "manifest.json"
    counts = json.loads(manifest.read_text())["row_counts"] if manifest.exists() else {}
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "exit": child.returncode,
        "wall": seconds,
        "cpu": cpu,
        "status": facts.get("status", "CRASHED"),
        **facts,
        "row_counts": counts,
        "rows": sum(counts.values()),
        "warehouse": warehouse,
    }


def run(province: dict, warehouse: Path, mode: str, work: Path, args) -> dict:
    return finish_run(*start_run(province, warehouse, mode, work, args), warehouse)


def marts_digests(warehouse: Path) -> dict[str, str]:
    """A hash of each compared mart's rows (order-free), leaving out release/time columns."""
    import duckdb

    digests = {}
    with duckdb.connect(str(warehouse / "edu.duckdb"), read_only=True) as connection:
        for table in COMPARED_MARTS:
            columns = [name for (name,) in connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'marts'"
                " AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()
                if not IGNORED_COLUMNS.search(name)]  # fmt: skip
            row = ", ".join(f'"{name}"' for name in columns)
            (digests[table],) = connection.execute(
                f"SELECT md5(coalesce(string_agg(h, ',' ORDER BY h), '')) FROM "
                f"(SELECT md5(CAST(row({row}) AS VARCHAR)) AS h FROM marts.{table})"
            ).fetchone()
    return digests


def compare(multi: dict, reference: dict) -> dict:
    if not (multi["row_counts"] and reference["row_counts"]):
        return {"counts_equal": False, "tables": 0, "marts_equal": False, "differing": ["all"]}
    a, b = marts_digests(multi["warehouse"]), marts_digests(reference["warehouse"])
    return {"counts_equal": multi["row_counts"] == reference["row_counts"],
            "tables": len(reference["row_counts"]), "marts_equal": a == b,
            "differing": sorted(t for t in a if a[t] != b.get(t))}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/provinces"))
    parser.add_argument("--provinces", type=int, default=8)
    parser.add_argument("--schools", type=int, default=30)
    parser.add_argument("--students-per-school", type=int, default=100)
    parser.add_argument("--max-concurrent", type=int, default=2, help="step processes at once")
    parser.add_argument("--start-method", choices=("forkserver", "spawn"), default="forkserver")
    parser.add_argument(
        "--concurrent", type=int, default=2, help="also run this many provinces at once (0: skip)"
    )
    parser.add_argument("--no-reference", action="store_true", help="skip the in-process run")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--run-one", choices=("multiprocess", "in_process"), help=argparse.SUPPRESS)
    parser.add_argument("--province", help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        run_one(args.run_one, args.province, args.result, args.max_concurrent, args.start_method)
        return
    work = args.work.resolve()
    load = os.getloadavg()[0]
    started = time.perf_counter()
    provinces = generate(work, args.provinces, args.schools, args.students_per_school)
    generated = time.perf_counter() - started
    results = {}
    sequential_started = time.perf_counter()
    for province in provinces:
        results[province["name"]] = run(province, work / "wh" / province["name"], "multiprocess",
                                         work, args)  # fmt: skip
        print(_line(province, results[province["name"]]), flush=True)
    sequential = time.perf_counter() - sequential_started
    first = provinces[0]
    reference = comparison = None
    if not args.no_reference:
        reference = run(first, work / "wh_in_process" / first["name"], "in_process", work, args)
        comparison = compare(results[first["name"]], reference)
    concurrent = run_concurrently(provinces[: args.concurrent], work, args)
    section = report(provinces, results, sequential, reference, comparison, concurrent,
                     args, load, generated)  # fmt: skip
    print()
    print(section)
    if args.write:
        sys.path.insert(0, str(Path(__file__).parent))
        from markdown_report import write_section

        write_section(SECTION, section)
    if any(r["status"] != "SUCCESS" for r in results.values()):
        sys.exit(1)


def run_concurrently(provinces: list[dict], work: Path, args) -> dict | None:
    """The same provinces again, all at once, each its own run process (its own warehouse)."""
    if len(provinces) < 2:
        return None
    started = time.perf_counter()
    runs = [(p["name"], start_run(p, work / "wh_concurrent" / p["name"], "multiprocess", work,
                                  args), work / "wh_concurrent" / p["name"])
            for p in provinces]  # fmt: skip
    done = {name: finish_run(*started_run, warehouse) for name, started_run, warehouse in runs}
    return {"wall": time.perf_counter() - started, "runs": done}


def _line(province: dict, r: dict) -> str:
    return (
        f"{province['name']}: {r['status']}, {r['wall']:.1f} s ({r['cpu']:.0f} s CPU), "
        f"{r.get('steps', 0)} steps "
        f"in {r.get('step_pids', 0)} processes, {r['rows']:,} rows published"
    )


def report(provinces, results, sequential, reference, comparison, concurrent, args, load,
           generated) -> str:  # fmt: skip
    data_rows = sum(p["data_rows"] for p in provinces)
    published = sum(r["rows"] for r in results.values())
    ok = sum(r["status"] == "SUCCESS" for r in results.values())
    cpu = sum(r["cpu"] for r in results.values())
    lines = [
        SECTION,
        "",
        f"Machine: {machine()}; load average {load:.2f} before the runs (the machine is "
        f"shared with other work, so wall times are long: CPU time is the steadier figure). "
        f"Data: {len(provinces)} generated provinces, each `generate_province("
        f"schools={args.schools}, students_per_school={args.students_per_school}, seed=2027…"
        f"{2026 + len(provinces)})`, {data_rows:,} data rows in all. Each province is one "
        f"cold run of `province_job` (empty warehouse and parse cache) on Dagster's "
        f"multiprocess executor (`max_concurrent` {args.max_concurrent}, start method "
        f"`{args.start_method}`), in its own run process, one province after another, on one "
        f"persistent Dagster instance; the province is chosen only by `EDU_RAW_DIR`, "
        f"`EDU_WAREHOUSE_DIR` and `EDU_AS_OF={AS_OF}`, and each run is tagged "
        f"`edu/province=<name>`.",
        "",
        "| province | data rows | status | steps | step processes | wall | CPU | rows published |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for province in provinces:
        r = results[province["name"]]
        lines.append(f"| {province['name']} | {province['data_rows']:,} | {r['status']} | "
                     f"{r.get('steps', 0)} | {r.get('step_pids', 0)} | {r['wall']:.1f} s | "
                     f"{r['cpu']:.0f} s | {r['rows']:,} |")  # fmt: skip
    walls = sorted(r["wall"] for r in results.values())
    lines += ["", f"All {len(provinces)}: {ok} succeeded, {published:,} rows published, "
              f"{sequential:.0f} s wall and {cpu:.0f} s CPU in all ({walls[0]:.1f}–"
              f"{walls[-1]:.1f} s a province). Wall and CPU are the run process's and its "
              "step processes', from start to exit (Python start-up and the import of the "
              "definitions included)."]  # fmt: skip
    in_run = [n for n, r in results.items() if r.get("steps_in_run_process")]
    lines.append("Every step ran in a process of its own, none in the run process." if not in_run
                 else f"Steps ran in the run process for: {', '.join(in_run)}.")  # fmt: skip
    if reference is not None:
        name = provinces[0]["name"]
        multi = results[name]
        counts = "the same" if comparison["counts_equal"] else "**different**"
        marts = ("the same" if comparison["marts_equal"]
                 else f"**different** ({', '.join(comparison['differing'])})")  # fmt: skip
        lines += [
            "",
            f"Against an in-process run of {name} (`execute_in_process` on the same "
            f"definitions, as `edu-pipeline run` does): {reference['status']}, "
            f"{reference['wall']:.1f} s wall, {reference['cpu']:.0f} s CPU (multiprocess: "
            f"{multi['wall']:.1f} s, {multi['cpu']:.0f} s CPU). Row counts of the "
            f"{comparison['tables']} published tables: {counts}. Content of "
            f"{len(COMPARED_MARTS)} marts tables ({', '.join(COMPARED_MARTS)}; an "
            f"order-free hash of their rows, read with DuckDB from `edu.duckdb`): {marts}.",
        ]
    if concurrent is not None:
        runs = concurrent["runs"]
        names = list(runs)
        alone = sum(results[n]["wall"] for n in names)
        same = all(runs[n]["row_counts"] == results[n]["row_counts"] for n in names)
        lines += ["", f"{len(names)} provinces at once ({', '.join(names)}, each its own run "
                  f"process with `max_concurrent` {args.max_concurrent}, the same instance): "
                  + ", ".join(f"{n} {runs[n]['status']} in {runs[n]['wall']:.1f} s"
                              for n in names)
                  + f"; {concurrent['wall']:.1f} s for all against {alone:.1f} s one after "
                  f"the other; row counts {'the same' if same else '**different**'} as "
                  "their runs alone."]  # fmt: skip
    lines += ["", COST_NOTE, "",
              "Reproduce: `.venv/bin/python benchmarks/bench_provinces.py --work "
              f"/tmp/provinces --provinces {len(provinces)} --schools {args.schools} "
              f"--students-per-school {args.students_per_school} --concurrent "
              f"{args.concurrent} --write`.", ""]  # fmt: skip
    return "\n".join(lines)


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


if __name__ == "__main__":
    main()
