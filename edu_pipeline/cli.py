"""`edu-pipeline`: run the whole pipeline in-process, or generate a demo province.

`run` executes the same Dagster definitions the UI loads (`edu_pipeline.definitions`), with
settings from flags or the `EDU_*` environment variables, then prints a short summary;
`doctor` checks an installation (folders, instance, secret, disk, versions); `install`,
`wait-idle` and `prune-history` are the server operator's (`server/`). Exit
codes: 0 published, 1 not published (a blocking check or a stage failed: the reason is
printed), 2 bad arguments. Details of an unexpected error go to `<warehouse>/logs/`, never a
traceback on the terminal.
"""

import argparse
import contextlib
import datetime as dt
import logging
import os
import sys
import traceback
import uuid
import warnings
from pathlib import Path

from edu_pipeline.progress import Stopwatch
from edu_pipeline.server import commands as server_commands

EXIT_PUBLISHED, EXIT_NOT_PUBLISHED, EXIT_USAGE = 0, 1, 2


def console() -> None:
    """The `edu-pipeline` command: `main`, then end the process without tearing it down.

    A province run leaves gigabytes of frames in memory; Python frees them object by object
    at exit, ~2 s after the summary is printed. By then everything is
    on disk (the stage writer waits for its files at the end of the run, SQLite commits each
    event), so the process ends at once. Tests call `main`, which returns.
    """
    try:
        code = main()
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `edu-pipeline status | head`: the reader had enough
        code = 0
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "run":
        return _run(args, parser)
    if args.command == "train-linkage":
        return _train_linkage(args)
    if args.command in ("backup", "restore"):
        return _backups(args)
    if args.command == "status":
        return _status(args)
    if args.command == "doctor":
        return _doctor(args)
    if args.command in server_commands.COMMANDS:
        return server_commands.run_command(args)
    return _demo_data(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edu-pipeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="build the whole asset graph and publish")
    run.add_argument("--raw-dir", help="input folder (default data/raw, or EDU_RAW_DIR)")
    run.add_argument("--warehouse-dir", help="output folder (default data/warehouse)")
    run.add_argument("--as-of", help="YYYY-MM-DD used as today by freshness rules")
    run.add_argument("--school", help="re-run for one school code (its page in the UI)")
    run.add_argument(
        "--force", action="store_true", help="rebuild even when no file, setting or code changed"
    )
    train = commands.add_parser(
        "train-linkage", help="retrain the splink models on the rows of the last run"
    )
    train.add_argument("--warehouse-dir", default="data/warehouse", help="folder of a run")
    train.add_argument("--out-dir", help="where to write the models (default: the package's)")
    backup = commands.add_parser("backup", help="copy the published release to another folder")
    backup.add_argument("--to", required=True, help="folder for the copy (another disk)")
    backup.add_argument("--warehouse-dir", help="warehouse folder (default data/warehouse)")
    restore = commands.add_parser(
        "restore", help="publish a checked earlier release again (the one before by default)"
    )
    restore.add_argument("version", nargs="?", help="a version listed by --list")
    restore.add_argument("--from", dest="source", help="folder of a `backup --to` copy")
    restore.add_argument("--warehouse-dir", help="warehouse folder (default data/warehouse)")
    restore.add_argument("--list", action="store_true", help="list the releases, each checked")
    status = commands.add_parser("status", help="last runs, the published release, each school")
    status.add_argument("--warehouse-dir", help="warehouse folder (default data/warehouse)")
    status.add_argument("--school", help="one school code in detail")
    doctor = commands.add_parser("doctor", help="check this installation and say what to fix")
    doctor.add_argument("--raw-dir", help="input folder (default data/raw, or EDU_RAW_DIR)")
    doctor.add_argument("--warehouse-dir", help="warehouse folder (default data/warehouse)")
    server_commands.add_commands(commands)
    demo = commands.add_parser("demo-data", help="write a synthetic province with ground truth")
    demo.add_argument("--schools", type=int, default=30)
    demo.add_argument("--students-per-school", type=int, default=120)
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--out", default="data/raw/demo", help="output folder")
    return parser


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.as_of:
        try:
            dt.date.fromisoformat(args.as_of)
        except ValueError:
            parser.error(f"--as-of must be YYYY-MM-DD, got {args.as_of!r}")
    for flag, variable in (("raw_dir", "EDU_RAW_DIR"), ("warehouse_dir", "EDU_WAREHOUSE_DIR"),
                           ("as_of", "EDU_AS_OF")):  # fmt: skip
        if getattr(args, flag):
            os.environ[variable] = getattr(args, flag)
    os.environ.setdefault("EDU_SHOW_PROGRESS", "true")
    raw_dir = Path(os.environ.get("EDU_RAW_DIR", "data/raw"))
    if not raw_dir.is_dir():
        print(f"edu-pipeline: raw folder not found: {raw_dir}", file=sys.stderr)
        return EXIT_USAGE
    stopwatch = Stopwatch()
    from edu_pipeline.writer_lease import WarehouseBusy

    try:
        outcome = _execute(args.school, args.force)
    except WarehouseBusy as busy:
        print(f"edu-pipeline: {busy}. Run it again later.", file=sys.stderr)
        return EXIT_NOT_PUBLISHED
    except Exception:  # the run must end with a message, not a traceback
        return _report_crash(stopwatch)
    from edu_pipeline.summary import print_summary

    print_summary(outcome, stopwatch.seconds)
    return EXIT_PUBLISHED if outcome.published else EXIT_NOT_PUBLISHED


def _execute(school: str | None = None, force: bool = False):
    """Execute `province_job` (or `school_job` for one school) in-process, quietly, on the
    instance of DAGSTER_HOME if set; after a province run that published, refresh every
    school's page."""
    warnings.filterwarnings("ignore")
    # The summary reports failures in plain words; Dagster's own log lines carry stack traces.
    # Each run sets "dagster" back to DEBUG, so its core's own logger is quieted by name.
    for name in ("dagster", "dagster._core"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    # One "planned" event for the run over every school's page, not 1,379 (each is a write to
    # the instance's storage: half a minute on SQLite). A failed pages run then does not mark
    # each page failed; its old pages stand, which is what an officer should see anyway.
    os.environ.setdefault("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "true")
    import dagster as dg

    if os.environ.get("DAGSTER_HOME"):
        return _execute_on(dg.DagsterInstance.get(), school, force)
    with dg.DagsterInstance.ephemeral() as ephemeral:
        return _execute_on(ephemeral, school, force)


def _execute_on(instance, school: str | None, force: bool):
    from edu_pipeline.definitions import defs
    from edu_pipeline.orchestration.jobs import FULL_RUN_TAG, all_schools_tags
    from edu_pipeline.partitions import school_partitions
    from edu_pipeline.summary import RunOutcome

    quiet = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
    tags = {FULL_RUN_TAG: "true"} if force else {}
    _wait_for_other_writer(instance, defs.resources["settings"])
    if school:
        if not instance.has_dynamic_partition(school_partitions.name, school):
            instance.add_dynamic_partitions(school_partitions.name, [school])
        job = defs.resolve_job_def("school_job")
        result = job.execute_in_process(
            run_config=quiet, instance=instance, partition_key=school, tags=tags,
            raise_on_error=False,
        )  # fmt: skip
        return RunOutcome.from_result(result, defs)
    result = defs.resolve_job_def("province_job").execute_in_process(
        run_config=quiet, instance=instance, tags=tags, raise_on_error=False
    )
    outcome = RunOutcome.from_result(result, defs)
    keys = instance.get_dynamic_partitions(school_partitions.name)
    if outcome.published and not outcome.unchanged and keys:
        defs.resolve_job_def("school_status_job").execute_in_process(
            run_config=quiet, instance=instance, tags=all_schools_tags(keys), raise_on_error=False
        )
    return outcome


def _wait_for_other_writer(instance, settings) -> None:
    """Say so on the terminal while another run (the UI's, the nightly one) writes the same
    warehouse; the run then takes the writer lease itself (`writer_lease.py`)."""
    from edu_pipeline.resources import dagster_run_ended
    from edu_pipeline.writer_lease import once_a_minute, wait_until_free

    limit = settings.writer_wait_minutes

    def say(holder, waited: float) -> None:
        print(f"edu-pipeline: waiting for {holder.describe()} to finish writing "
              f"{settings.warehouse_path} ({waited / 60:.0f} of at most {limit:g} min)",
              file=sys.stderr, flush=True)  # fmt: skip

    wait_until_free(settings.warehouse_path, limit * 60, once_a_minute(say),
                    dagster_run_ended(instance))  # fmt: skip


def _report_crash(stopwatch: Stopwatch) -> int:
    log_dir = Path(os.environ.get("EDU_WAREHOUSE_DIR", "data/warehouse")) / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / f"crash-{dt.datetime.now():%Y%m%d-%H%M%S}.log"
    log_file.write_text(traceback.format_exc(), encoding="utf-8")
    print(
        f"edu-pipeline: the run stopped after {stopwatch.seconds:.1f} s because of an internal "
        f"error; nothing was published. Details for the developers: {log_file}",
        file=sys.stderr,
    )
    return EXIT_NOT_PUBLISHED


def _status(args: argparse.Namespace) -> int:
    warnings.filterwarnings("ignore")
    from edu_pipeline.status import print_status

    warehouse = Path(args.warehouse_dir or os.environ.get("EDU_WAREHOUSE_DIR", "data/warehouse"))
    return EXIT_PUBLISHED if print_status(warehouse.resolve(), args.school) else EXIT_NOT_PUBLISHED


def _doctor(args: argparse.Namespace) -> int:
    warnings.filterwarnings("ignore")
    from edu_pipeline.doctor import print_report, run_checks
    from edu_pipeline.resources import PipelineSettings

    settings = PipelineSettings.from_env()
    folders = {"raw_dir": args.raw_dir, "warehouse_dir": args.warehouse_dir}
    settings = settings.model_copy(update={k: v for k, v in folders.items() if v})
    ready = print_report(run_checks(settings, os.environ.get("DAGSTER_HOME")))
    return EXIT_PUBLISHED if ready else EXIT_NOT_PUBLISHED


def _train_linkage(args: argparse.Namespace) -> int:
    """Re-estimate each dataset's model from the normalised rows a run left in `_stage/`."""
    import pandas as pd

    from edu_pipeline.dedupe.linkage import NotEnoughPairs, model_path, train_model

    stage = Path(args.warehouse_dir) / "_stage"
    trained = 0
    for dataset in ("students", "teachers"):
        rows = stage / f"{dataset}.parquet"
        if not rows.is_file():
            print(f"edu-pipeline: no {dataset} rows in {stage}; run the pipeline first",
                  file=sys.stderr)  # fmt: skip
            return EXIT_USAGE
        out = Path(args.out_dir) / f"{dataset}.json" if args.out_dir else model_path(dataset)
        out.parent.mkdir(parents=True, exist_ok=True)
        stopwatch = Stopwatch()
        try:
            train_model(pd.read_parquet(rows), out)
        except NotEnoughPairs:
            print(f"train-linkage: too few {dataset} rows to estimate a model (no pairs share a "
                  "school and birth date, or a full name); the current model is kept",
                  file=sys.stderr)  # fmt: skip
            continue
        trained += 1
        print(f"train-linkage: {dataset} model → {out} ({stopwatch.seconds:.0f} s)")
    return EXIT_PUBLISHED if trained == 2 else EXIT_NOT_PUBLISHED


def _backups(args: argparse.Namespace) -> int:
    """`backup --to DIR`, `restore [VERSION] [--from DIR]`, `restore --list`: one plain line
    on error, never a traceback."""
    from edu_pipeline.publish.backups import back_up, restore
    from edu_pipeline.publish.releases import ReleaseError, current_version, list_releases, verify
    from edu_pipeline.resources import PipelineSettings
    from edu_pipeline.writer_lease import WarehouseBusy

    warehouse = (Path(args.warehouse_dir) if args.warehouse_dir
                 else PipelineSettings.from_env().warehouse_path)  # fmt: skip
    try:
        if args.command == "backup":
            made = back_up(warehouse, Path(args.to))
            print(f"backup: release {made.version} copied to {made.path}")
        elif args.list:
            current = current_version(warehouse)
            for release in list_releases(warehouse):
                problems = verify(release)
                state = "ok" if not problems else "DAMAGED: " + "; ".join(problems)
                mark = "*" if release.version == current else " "
                print(f"{mark} {release.version}  as of {release.as_of or '-'}  {state}")
        else:
            source = Path(args.source) if args.source else None
            with _writing(warehouse):  # a run must not switch releases under a restore
                restored = restore(warehouse, args.version, source)
            print(f"restore: release {restored.version} is published again in {warehouse}")
    except (ReleaseError, WarehouseBusy) as error:
        print(f"edu-pipeline {args.command}: {error}", file=sys.stderr)
        return EXIT_NOT_PUBLISHED
    return EXIT_PUBLISHED


@contextlib.contextmanager
def _writing(warehouse: Path):
    """Hold the writer lease while this command writes (`WarehouseBusy` if a run does)."""
    from edu_pipeline.writer_lease import acquire, release

    name = f"restore-{uuid.uuid4().hex[:8]}"
    acquire(warehouse, name, "edu-pipeline restore", os.getpid())
    try:
        yield
    finally:
        release(warehouse, name)


def _demo_data(args: argparse.Namespace) -> int:
    from edu_pipeline.demo import generate_province

    out = Path(args.out)
    summary = generate_province(
        out,
        schools=args.schools,
        students_per_school=args.students_per_school,
        seed=args.seed,
        progress=lambda done, total: _progress_line("demo-data", done, total),
    )
    print(
        f"edu-pipeline: wrote a demo province to {out}: {summary.schools} schools, "
        f"{summary.files} files ({summary.unreadable_files} broken on purpose), "
        f"{summary.data_rows:,} data rows, {summary.students:,} students, "
        f"{summary.teachers:,} staff; ground truth in {out / '_truth'}"
    )
    return EXIT_PUBLISHED


def _progress_line(stage: str, done: int, total: int) -> None:
    from edu_pipeline.progress import TerminalProgress

    TerminalProgress(enabled=True).update(stage, done, total, "schools")


if __name__ == "__main__":
    console()
