"""The operator's commands: `install`, `wait-idle`, `prune-history` (see docs/operations.md)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

COMMANDS = ("install", "wait-idle", "prune-history")


def add_commands(commands: argparse._SubParsersAction) -> None:
    install = commands.add_parser(
        "install", help="set up this server from this checkout, or upgrade it (keeps data)"
    )
    install.add_argument("--prefix", default="/", help="install under this folder (default /)")
    install.add_argument("--user", help="account the services run as (default: the one that "
                         "owns an earlier install, else this one)")  # fmt: skip
    install.add_argument("--raw-dir", type=Path, help="where schools' files arrive (first time)")
    install.add_argument("--warehouse-dir", type=Path, help="the warehouse folder (first time)")
    idle = commands.add_parser("wait-idle", help="wait until no run is in progress")
    idle.add_argument("--minutes", type=float, default=60.0, help="give up after (default 60)")
    prune = commands.add_parser("prune-history", help="delete finished runs older than N days")
    prune.add_argument("--keep-days", type=int, help="default EDU_RUN_RETENTION_DAYS (180)")


def run_command(args: argparse.Namespace) -> int:
    if args.command == "install":
        return _install(args)
    import dagster as dg

    from edu_pipeline.resources import PipelineSettings
    from edu_pipeline.server import history

    if not os.environ.get("DAGSTER_HOME"):
        print("edu-pipeline: DAGSTER_HOME is not set: use the server's `edu-pipeline` command "
              "(it reads /etc/edu-pipeline/edu-pipeline.env)")  # fmt: skip
        return 1
    settings = PipelineSettings.from_env()
    with dg.DagsterInstance.get() as instance:
        if args.command == "prune-history":
            keep = settings.run_retention_days if args.keep_days is None else args.keep_days
            print(f"prune-history: {history.prune(instance, keep)} finished runs older than "
                  f"{keep} days deleted")  # fmt: skip
            return 0
        if history.wait_until_idle(instance, settings.warehouse_path, args.minutes):
            print("wait-idle: no run in progress")
            return 0
    print(f"wait-idle: still busy after {args.minutes:g} minutes")
    return 1


def _install(args: argparse.Namespace) -> int:
    from edu_pipeline.server.install import ServerLayout, closed_folder, install

    layout = ServerLayout(Path(args.prefix).resolve())
    home = layout.dagster_home
    user = args.user or (home.owner() if home.exists() else getpass.getuser())
    try:
        done = install(layout, user, args.raw_dir, args.warehouse_dir)
    except (KeyError, OSError) as error:
        print(f"edu-pipeline install: {error}")
        return 1
    for step in done:
        print(f"{step.action:<9} {step.path}")
    closed = closed_folder(Path(sys.executable))
    if closed is not None and user != getpass.getuser():
        print(f"WARNING   {user} cannot run {sys.executable}: {closed} is closed to other "
              "accounts; build the venv with a Python they reach (/usr/bin/python3)")  # fmt: skip
    print(f"install: done; settings in {layout.env_file}; check with `edu-pipeline doctor`")
    return 0
