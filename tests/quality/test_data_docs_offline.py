"""GX Data Docs built offline: no external requests, local assets resolve, no personal values."""

from __future__ import annotations

import html
import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from edu_pipeline.quality.data_docs import CDN_ASSETS, build_data_docs, offline_html
from edu_pipeline.quality.gx_runner import validate_frame
from edu_pipeline.quality.gx_suites import DATASETS

SECRET_NAME = "Nguyễn Thị Bí Mật"
SECRET_ID = "066309123456"
_CODE_AND_FONTS = (".css", ".js", ".woff", ".woff2", ".ttf", ".otf", ".eot")
_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp")
ASSET_SUFFIXES = _CODE_AND_FONTS + _IMAGES
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.I)
CSS_URL = re.compile(r"url\(\s*([\"']?)([^\"')]*)\1\s*\)", re.I)
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*[\"']?([^\"');\s]*)", re.I)


class _Refs(HTMLParser):
    """(tag, attribute, value) of every src/href in a page, plus the text of <style> blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.refs.append((tag, name, value))
            if name == "style" and value:
                self.styles.append(value)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _parse(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _css_refs(css: str) -> list[str]:
    return [m[2] for m in CSS_URL.finditer(css)] + [m[1] for m in CSS_IMPORT.finditer(css)]


@pytest.fixture(scope="module")
def gx_results(gx_frame, gx_parameters, gx_expectations_dir) -> dict[str, tuple[Any, ...]]:
    """Counts-only GX results of all three datasets; students has one failing person."""
    results: dict[str, tuple[Any, ...]] = {}
    for dataset in DATASETS:
        df = gx_frame(dataset, 6)
        if dataset == "students":
            at = df["row_id"] == 1002
            df.loc[at, ["name_problem", "raw_full_name"]] = ["has_symbols", SECRET_NAME + "!"]
            df.loc[at, ["citizen_id_problem", "raw_citizen_id"]] = ["year_mismatch", SECRET_ID]
        outcome = validate_frame(df, dataset, gx_parameters, gx_expectations_dir)
        if dataset == "students":  # the secrets are in the data product, so they could leak
            assert set(outcome.findings["raw_value"]) >= {SECRET_NAME + "!", SECRET_ID}
        results[dataset] = outcome.gx_results
    return results


@pytest.fixture(scope="module")
def site(gx_results, gx_expectations_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("warehouse") / "data_docs"
    index = build_data_docs(gx_results, gx_expectations_dir, out, run_name="nightly")
    assert index == out / "index.html"
    return out


def _files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes)


def test_index_suite_and_validation_pages(site):
    assert (site / "index.html").is_file()
    index = (site / "index.html").read_text(encoding="utf-8")
    for dataset in DATASETS:
        assert (site / "expectations" / f"{dataset}.html").is_file()
        pages = list((site / "validations" / dataset / "nightly").glob(f"*/{dataset}.html"))
        assert len(pages) == 1, dataset
        assert f"expectations/{dataset}.html" in index
        assert f"validations/{dataset}/nightly/" in index
    students = next((site / "validations" / "students").rglob("students.html"))
    text = students.read_text(encoding="utf-8")
    assert "Unsuccessful Expectations" in text and "Họ và tên" in text  # rendered, not empty


def test_nothing_is_fetched_from_outside(site):
    offenders: list[str] = []
    for page in _files(site, ".html"):
        parsed = _parse(page)
        for tag, attribute, value in parsed.refs:
            if EXTERNAL.match(value):  # links included: they are turned into text
                offenders.append(f"{page.relative_to(site)}: <{tag} {attribute}={value}>")
        for css in parsed.styles:
            offenders += [
                f"{page.relative_to(site)}: style {ref}"
                for ref in _css_refs(css)
                if EXTERNAL.match(ref)
            ]
        text = page.read_text(encoding="utf-8")
        if "datacontextid" in text.lower() or "data_context_id" in text.lower():
            offenders.append(f"{page.relative_to(site)}: data context id")
    for path in _files(site, ".css", ".js"):
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [
            f"{path.relative_to(site)}: {r}" for r in _css_refs(text) if EXTERNAL.match(r)
        ]
        offenders += [
            f"{path.relative_to(site)}: {m[0][:80]}"
            for m in re.finditer(r"\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^\"'\s>]*", text)
        ]
    assert offenders == []


def test_no_warning_about_unknown_external_assets(
    gx_results, gx_expectations_dir, tmp_path, caplog
):
    with caplog.at_level(logging.WARNING, logger="edu_pipeline.quality.data_docs"):
        build_data_docs(gx_results, gx_expectations_dir, tmp_path / "docs", run_name="r")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("edu_pipeline")] == []


def test_every_local_asset_resolves(site):
    missing: list[str] = []
    checked = 0
    for page in _files(site, ".html"):
        parsed = _parse(page)
        refs = [v for tag, _, v in parsed.refs if tag != "a" or v.endswith(ASSET_SUFFIXES)]
        refs += [r for css in parsed.styles for r in _css_refs(css)]
        for ref in refs:
            target = ref.split("#")[0].split("?")[0]
            if not target or target.startswith("data:") or not target.endswith(ASSET_SUFFIXES):
                continue
            checked += 1
            if not (page.parent / target).resolve().is_file():
                missing.append(f"{page.relative_to(site)}: {ref}")
    for css in _files(site, ".css"):
        for ref in _css_refs(css.read_text(encoding="utf-8")):
            target = ref.split("#")[0].split("?")[0]
            if target and not target.startswith("data:"):
                checked += 1
                if not (css.parent / target).resolve().is_file():
                    missing.append(f"{css.relative_to(site)}: {ref}")
    assert missing == []
    assert checked > 7 * 15  # 7 pages × (css + js + favicon), plus the font files


def test_second_build_replaces_the_first(gx_results, gx_expectations_dir, tmp_path):
    out = tmp_path / "warehouse" / "data_docs"
    build_data_docs(gx_results, gx_expectations_dir, out, run_name="first")
    (out / "stale.txt").write_text("from the first build", encoding="utf-8")
    assert (out / "validations" / "students" / "first").is_dir()

    build_data_docs(gx_results, gx_expectations_dir, out, run_name="second")

    assert [p.name for p in (tmp_path / "warehouse").iterdir()] == ["data_docs"]  # no temp dirs
    assert not (out / "stale.txt").exists()
    assert not (out / "validations" / "students" / "first").exists()
    assert (out / "validations" / "students" / "second").is_dir()
    assert "validations/students/second/" in (out / "index.html").read_text(encoding="utf-8")


def test_no_personal_values_in_the_site(site, gx_frame):
    people = gx_frame("students", 6)
    secrets = [
        SECRET_NAME,
        SECRET_ID,
        people["full_name"].iloc[0],
        people["citizen_id"].iloc[0],
        people["raw_birth_date"].iloc[0],
    ]
    leaks = _leaks(site, secrets)
    assert leaks == []


def test_value_lists_are_dropped_even_if_given(gx_results, gx_expectations_dir, tmp_path):
    """A caller passing richer results (partial lists, exception texts) leaks nothing either."""
    from great_expectations.core.expectation_validation_result import (
        ExpectationValidationResult,
    )

    rich = []
    for r in gx_results["students"]:
        result = dict(r.result or {})
        if not r.success:
            result.update(
                partial_unexpected_list=[SECRET_NAME],
                partial_unexpected_counts=[{"value": SECRET_NAME, "count": 1}],
                unexpected_list=[SECRET_ID],
            )
        rich.append(
            ExpectationValidationResult(
                success=r.success,
                expectation_config=r.expectation_config,
                result=result,
                exception_info={
                    "raised_exception": False,
                    "exception_traceback": SECRET_ID,
                    "exception_message": f"bad value '{SECRET_NAME}' {SECRET_ID}",
                },
            )
        )
    assert any(not r.success for r in rich)
    out = tmp_path / "docs"
    build_data_docs({"students": rich}, gx_expectations_dir, out, run_name="rich")
    assert _leaks(out, [SECRET_NAME, SECRET_ID]) == []
    assert list((out / "validations" / "students").rglob("students.html"))


def _leaks(site: Path, secrets: list[str]) -> list[str]:
    found: list[str] = []
    for path in _files(site, ".html", ".css", ".js", ".json", ".md", ".txt"):
        text = path.read_text(encoding="utf-8", errors="replace")
        for secret in secrets:
            if secret in text or html.escape(secret) in text or secret.upper() in text:
                found.append(f"{path.relative_to(site)}: {secret}")
    return found


def test_gx_template_urls_are_all_mapped():
    """Every CDN URL in the installed GX templates has a local copy (flags GX upgrades)."""
    import great_expectations

    templates = Path(great_expectations.__file__).parent / "render" / "view" / "templates"
    tags = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=\"(https?://[^\"]+)\"", re.S)
    used = {url for t in templates.glob("*.j2") for url in tags.findall(t.read_text())}
    assert used, templates
    assert sorted(used - set(CDN_ASSETS)) == []


def test_unknown_external_tags_are_dropped(caplog):
    page = (
        '<link rel="stylesheet" href="https://cdn.example/x.css">'
        '<script src="//cdn.example/y.js"></script>'
        '<img src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png'
        '?d=1&dataContextId=abc" alt="Great Expectations"/>'
        '<a href="https://greatexpectations.io">GX</a>'
        '<link rel="icon" href="./static/images/favicon.ico">'
        '<iframe src="https://tracker.example/"></iframe>'
    )
    with caplog.at_level(logging.WARNING, logger="edu_pipeline.quality.data_docs"):
        out = offline_html(page, "../../")
    assert "example" not in out and "dataContextId" not in out and "http" not in out
    assert "<span>GX</span>" in out and 'href="../../static/images/favicon.ico"' in out
    assert len(caplog.records) == 3  # two unknown tags, one neutralised attribute
