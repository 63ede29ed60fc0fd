"""The guides name only what exists: UI labels of the installed Dagster UI, definitions of this
code location, warehouse tables and columns, rule ids, and `edu-pipeline` commands that parse.

Guides mark a UI element as `<kbd>Label</kbd>`; the label must be a string of the UI's own
JavaScript (the webserver's bundle), exactly as shown. A lowercase identifier in backticks
in the officers' guide must be a name they can find. A command line in a ```bash block must
be accepted by the command's own parser.
"""

import csv
import re
import shlex
from functools import cache
from pathlib import Path

import dagster_webserver
import pytest

from edu_pipeline.cli import _parser
from edu_pipeline.definitions import defs

DOCS = Path(__file__).resolve().parents[2] / "docs"
REFERENCE = Path(__file__).resolve().parents[2] / "edu_pipeline" / "reference"
EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"
GUIDES = ("huong-dan-can-bo.md", "analysts.md", "operations.md")
KBD = re.compile(r"<kbd>(.+?)</kbd>")
BACKTICKED = re.compile(r"(?<!`)`([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)`(?!`)")
BASH_BLOCK = re.compile(r"```bash\n(.*?)```", re.DOTALL)


@cache
def _ui_strings() -> str:
    bundle = Path(dagster_webserver.__file__).parent / "webapp" / "build"
    return "\n".join(p.read_text(errors="ignore") for p in bundle.rglob("*.js"))


@cache
def _known_names() -> frozenset[str]:
    graph = defs.resolve_asset_graph()
    names = {"/".join(key.path) for key in graph.get_all_asset_keys()}
    names |= {check.name for check in graph.asset_check_keys}
    names |= {job.name for job in defs.resolve_all_job_defs()}
    names |= {s.name for s in defs.schedules} | {s.name for s in defs.sensors}
    with (REFERENCE / "warehouse_contract.csv").open(encoding="utf-8") as contract:
        for row in csv.DictReader(contract):
            names |= {row["table"], row["column"]}
    with (REFERENCE / "issue_messages.csv").open(encoding="utf-8") as rules:
        names |= {row["rule"] for row in csv.DictReader(rules)}
    for suite in EXPECTATIONS.glob("*.json"):
        names |= set(re.findall(r'"rule": "([^"]+)"', suite.read_text(encoding="utf-8")))
    return frozenset(names | {"registry", "students", "teachers", "fees", "file"})


def _text(guide: str) -> str:
    return (DOCS / guide).read_text(encoding="utf-8")


def _commands(guide: str) -> list[list[str]]:
    lines = []
    for block in BASH_BLOCK.findall(_text(guide)):
        for line in block.splitlines():
            words = shlex.split(re.sub(r"<[^>]*>", "X", line), comments=True)
            words = words[1:] if words[:1] == ["sudo"] else words
            if words[:1] == ["edu-pipeline"]:
                lines.append(words[1:])
    return lines


def _shown(label: str) -> bool:
    """A string of the UI's code: whole, or before a count the UI adds ("Errored (2)")."""
    quoted = re.compile(f"[\"'`]{re.escape(label)}(?:[\"'`]| \\()")
    return quoted.search(_ui_strings()) is not None


@pytest.mark.parametrize("guide", GUIDES)
def test_every_ui_label_is_one_the_ui_shows(guide):
    missing = sorted(label for label in set(KBD.findall(_text(guide))) if not _shown(label))
    assert not missing, f"{guide}: not labels of this Dagster UI: {missing}"


def test_a_label_the_ui_does_not_have_is_caught():
    assert _shown("Materialize") and _shown("Errored")
    assert not _shown("Launch run") and not _shown("Errore")


def test_the_officers_guide_shows_the_ui():
    assert len(set(KBD.findall(_text("huong-dan-can-bo.md")))) >= 8


def test_every_name_in_backticks_in_the_officers_guide_exists():
    unknown = sorted(set(BACKTICKED.findall(_text("huong-dan-can-bo.md"))) - _known_names())
    assert not unknown, "names that are not definitions, tables, columns or rules"


def test_the_officers_guide_explains_every_asset_check():
    text = _text("huong-dan-can-bo.md")
    checks = {check.name for check in defs.resolve_asset_graph().asset_check_keys}
    assert sorted(c for c in checks if f"`{c}`" not in text) == []


@pytest.mark.parametrize("guide", GUIDES)
def test_every_command_line_parses(guide):
    parser = _parser()
    for argv in _commands(guide):
        try:
            parser.parse_args(argv)
        except SystemExit:
            pytest.fail(f"{guide}: `edu-pipeline {' '.join(argv)}` is not a valid command")


def test_the_operations_guide_covers_each_task():
    text = _text("operations.md")
    for heading in ("## Install", "## Upgrade", "restore drill", "## When a run fails",
                    "## Rotating the secret"):  # fmt: skip
        assert heading in text
    used = {argv[0] for argv in _commands("operations.md")}
    assert {"wait-idle", "backup", "restore", "doctor", "status", "run"} <= used
