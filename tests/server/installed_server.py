"""A server installed by `deploy/install.sh` into an empty folder, and its services started
the way systemd starts them: the command of the generated unit, with the environment file."""

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from edu_pipeline.server.install import ServerLayout, read_environment

REPO = Path(__file__).resolve().parents[2]
_UNIT_VARIABLE = re.compile(r"\$\{(\w+)\}")


def install(prefix: Path, *args: str) -> subprocess.CompletedProcess:
    """`deploy/install.sh` as an operator runs it (without systemd: not this machine's init)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDU_", "DAGSTER_HOME"))}
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    command = ["sh", str(REPO / "deploy/install.sh"), "--prefix", str(prefix), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600,
                          check=False)  # fmt: skip


def unit_environment(layout: ServerLayout) -> dict[str, str]:
    """The environment a unit's process gets: the environment file, nothing of this shell's."""
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"),
            **read_environment(layout.env_file)}  # fmt: skip


def unit_command(layout: ServerLayout, unit: str, env: dict[str, str]) -> list[str]:
    """A unit's ExecStart, its ${VARIABLES} filled from its environment as systemd does."""
    text = (layout.units / unit).read_text(encoding="utf-8")
    (line,) = [ln for ln in text.splitlines() if ln.startswith("ExecStart=")]
    command = line.removeprefix("ExecStart=")
    return shlex.split(_UNIT_VARIABLE.sub(lambda m: env[m.group(1)], command))


@contextmanager
def service(
    layout: ServerLayout, unit: str, env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen]:
    """Run a unit's command until the block ends, then stop it and what it started."""
    with log.open("ab") as out:
        process = subprocess.Popen(unit_command(layout, unit, env), cwd=REPO, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(condition, seconds: float, what: str, process: subprocess.Popen, log: Path):
    deadline = time.monotonic() + seconds
    while (found := condition()) is None:
        if process.poll() is not None:
            said = log.read_text()[-3000:]
            pytest.fail(f"{what}: the service ended ({process.returncode}):\n{said}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {seconds:.0f} s:\n{log.read_text()[-3000:]}")
        time.sleep(2)
    return found
