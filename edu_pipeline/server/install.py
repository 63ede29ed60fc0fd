"""`edu-pipeline install`: set up the Sở's server from this repository, or bring it up to date.

A server keeps three things apart, so that a new version replaces only the first:

- the code: this repository and its `.venv` (built from `requirements.lock`);
- the settings: one environment file, `<prefix>/etc/edu-pipeline/edu-pipeline.env`, read by
  the services and by the `edu-pipeline` command; written once, then the operator's;
- the state: the Dagster instance (`<prefix>/var/lib/edu-pipeline/dagster`: run history,
  schedule and sensor state), the warehouse, the logs (`<prefix>/var/log/edu-pipeline`).

Everything else (`dagster.yaml`, `workspace.yaml`, the systemd units, log rotation, the
command) is generated from `deploy/` and rewritten on every install, which is how an upgrade
reaches them. The instance's storage is then migrated to the installed Dagster's schema.
`prefix` is `/` on a server; a test installs into an empty folder and runs the services
from it.

    >>> ServerLayout(Path("/")).env_file
    PosixPath('/etc/edu-pipeline/edu-pipeline.env')
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import secrets
import shutil
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from edu_pipeline.publish.roles import SECRET_FILE

APP_DIR = Path(__file__).resolve().parents[2]
TEMPLATES = APP_DIR / "deploy"
UNITS = ("edu-pipeline-webserver.service", "edu-pipeline-daemon.service",
         "edu-pipeline-prune.service", "edu-pipeline-prune.timer")  # fmt: skip
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
_SETTING = re.compile(r"^([A-Z_]+)=", re.MULTILINE)


@dataclass(frozen=True)
class ServerLayout:
    """Where an installation puts things, under `prefix` (`/` on a server)."""

    prefix: Path

    def _at(self, path: str) -> Path:
        return self.prefix / path

    @property
    def env_file(self) -> Path:
        return self._at("etc/edu-pipeline/edu-pipeline.env")

    @property
    def dagster_home(self) -> Path:
        return self._at("var/lib/edu-pipeline/dagster")

    @property
    def warehouse(self) -> Path:
        return self._at("var/lib/edu-pipeline/warehouse")

    @property
    def raw(self) -> Path:
        return self._at("srv/edu-pipeline/raw")

    @property
    def logs(self) -> Path:
        return self._at("var/log/edu-pipeline")

    @property
    def units(self) -> Path:
        return self._at("etc/systemd/system")

    @property
    def logrotate(self) -> Path:
        return self._at("etc/logrotate.d/edu-pipeline")

    @property
    def command(self) -> Path:
        return self._at("usr/local/bin/edu-pipeline")


@dataclass(frozen=True)
class Installed:
    path: Path
    action: str  # "written", "kept", "extended", "migrated"


def install(layout: ServerLayout, user: str, raw_dir: Path | None = None,
            warehouse_dir: Path | None = None) -> list[Installed]:  # fmt: skip
    """Install or upgrade into `layout` for the service account `user`; what was done.

    An existing environment file is kept (its secret above all): settings a new version
    brings are added at its end. The raw and warehouse folders are the file's, once it
    exists; `raw_dir` and `warehouse_dir` only choose them the first time.
    """
    group = grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name
    raw = raw_dir or layout.raw
    warehouse = warehouse_dir or layout.warehouse
    values = {"APP_DIR": str(APP_DIR), "VENV": str(Path(sys.prefix)), "USER": user,
              "GROUP": group, "ENV_FILE": str(layout.env_file), "LOG_DIR": str(layout.logs),
              "DAGSTER_HOME": str(layout.dagster_home), "RAW_DIR": str(raw),
              "WAREHOUSE_DIR": str(warehouse)}  # fmt: skip
    done = [_environment(layout.env_file, values, warehouse, group)]
    settings = read_environment(layout.env_file)
    for folder in (layout.dagster_home, layout.logs, Path(settings["EDU_WAREHOUSE_DIR"])):
        _owned_folder(folder, user, group)
    Path(settings["EDU_RAW_DIR"]).mkdir(parents=True, exist_ok=True)
    generated = {
        layout.dagster_home / "dagster.yaml": "dagster.yaml",
        layout.dagster_home / "workspace.yaml": "workspace.yaml",
        layout.logrotate: "logrotate.conf",
        layout.command: "edu-pipeline",
        **{layout.units / unit: f"systemd/{unit}" for unit in UNITS},
    }
    for target, template in generated.items():
        _write(target, render(template, values), mode=0o755 if target == layout.command else 0o644)
        done.append(Installed(target, "written"))
    done.append(_migrate(layout.dagster_home))
    _hand_over(layout.dagster_home, user, group)
    return done


def closed_folder(path: Path) -> Path | None:
    """The first folder on the way to `path` that other accounts may not pass through.

    The services run as their own account: a Python installed under root's home (pyenv)
    cannot be run by it, and the units would fail at start.

    >>> closed_folder(Path("/"))
    """
    for folder in reversed(path.resolve().parents):
        if not folder.stat().st_mode & stat.S_IXOTH:
            return folder
    return None


def render(template: str, values: dict[str, str]) -> str:
    """A file of `deploy/` with its `@NAME@` placeholders filled; unknown names are an error."""
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    missing = set(_PLACEHOLDER.findall(text)) - values.keys()
    if missing:
        raise KeyError(f"deploy/{template} needs {sorted(missing)}")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def read_environment(path: Path) -> dict[str, str]:
    """`NAME=value` lines of an environment file, quotes removed (as systemd reads them)."""
    settings = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, equals, value = line.strip().partition("=")
        if equals and not name.startswith("#"):
            settings[name] = value.strip().strip('"')
    return settings


def _environment(path: Path, values: dict[str, str], warehouse: Path, group: str) -> Installed:
    if path.exists():
        return _extend(path, values)
    # A warehouse that already published has its secret in a file: keep analysts' keys.
    made = warehouse / SECRET_FILE
    secret = made.read_text(encoding="utf-8").strip() if made.is_file() else secrets.token_hex(32)
    text = render("edu-pipeline.env", {**values, "SECRET": secret})
    _write(path, text, mode=0o640)
    if os.geteuid() == 0:
        shutil.chown(path, "root", group)
    return Installed(path, "written")


def _extend(path: Path, values: dict[str, str]) -> Installed:
    """Add the settings a new version's template has and this file lacks, with their comments."""
    text = path.read_text(encoding="utf-8")
    have = set(_SETTING.findall(text))
    template = render("edu-pipeline.env", {**values, "SECRET": ""})
    added, comments = [], []
    for line in template.splitlines():
        name = _SETTING.match(line)
        if name and name.group(1) not in have:
            added += [*comments, line]
        comments = [*comments, line] if line.startswith("#") else []
    if not added:
        return Installed(path, "kept")
    path.write_text(text.rstrip("\n") + "\n\n# Added by an upgrade:\n" + "\n".join(added) + "\n",
                    encoding="utf-8")  # fmt: skip
    return Installed(path, "extended")


def _owned_folder(folder: Path, user: str, group: str) -> None:
    """Only the service account enters the state folders: they hold children's data. A
    folder that exists is left as the operator set it."""
    if folder.exists():
        return
    folder.mkdir(parents=True)
    folder.chmod(0o750)
    if os.geteuid() == 0:
        shutil.chown(folder, user, group)


def _write(path: Path, text: str, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.chmod(mode)
    partial.replace(path)


def _migrate(home: Path) -> Installed:
    """Bring the instance's storage to this Dagster's schema (creating it the first time)."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        instance.upgrade()
    return Installed(home, "migrated")


def _hand_over(folder: Path, user: str, group: str) -> None:
    """What root created in the instance (its storage) becomes the service account's."""
    if os.geteuid() != 0:
        return
    for path in (folder, *folder.rglob("*")):
        shutil.chown(path, user, group)
