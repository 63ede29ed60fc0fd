"""Build the GX Data Docs of a run into a local folder that works without internet.

The Sở's intranet has no internet access, and GX's pages load Bootstrap, jQuery, Font Awesome,
vega … from public CDNs and show a GX logo fetched from S3 with a time stamp (and, in a file
context, the data context id) in its URL. So after GX writes the site, every generated page is
rewritten to load local copies of those files (``static/vendor/``, copied from
``data_docs_vendor/`` next to this module, see its ``SOURCES.md``), the logo becomes text and
links to GX websites become plain text. Opening any page makes no network request.

The site is built into a hidden sibling folder and then renamed into place, so a reader sees the
previous complete site, the new complete site or (for the instant between two renames) none,
never half a site::

    outcomes = {d: validate_frame(frames[d], d, params, EXP_DIR) for d in DATASETS}
    index = build_data_docs(
        {d: o.gx_results for d, o in outcomes.items()}, EXP_DIR, WAREHOUSE / "data_docs",
        run_name="2026-03-20",
    )

Privacy: results come from the counts-only pass of :func:`gx_runner.validate_frame`; in case a
caller passes richer results, value lists (``partial_unexpected_*``, ``unexpected_list`` …) are
dropped, exception messages are redacted like ``expectation_results`` and tracebacks removed.

No Dagster import here, so notebooks and tests can build the docs too.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from edu_pipeline.quality.gx_quiet import ephemeral_context, import_gx, quiet_gx, redact
from edu_pipeline.quality.gx_suites import columns_read, load_suite, suite_parameter_names

logger = logging.getLogger(__name__)

VENDOR_DIR = Path(__file__).with_name("data_docs_vendor")
SITE_NAME = "edu_pipeline"
DATA_DOCS_DIR = "data_docs"  # under the warehouse folder
BRAND_TEXT = "Data Docs"
_VENDOR_URL = "static/vendor/"

# Every CDN asset that the GX 1.24 templates reference (page.j2, page_minimal.j2,
# index_page.j2, js_script_imports.j2) -> the local copies under static/vendor/ replacing it.
# Font Awesome: GX only uses solid icons ("fas"), so core + solid replace all.min.css.
CDN_ASSETS: dict[str, tuple[str, ...]] = {
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": (
        "bootstrap-table/bootstrap-table.min.css",
    ),
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": (
        "bootstrap/bootstrap.min.css",
    ),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.css": (
        "bootstrap-table/bootstrap-table-filter-control.min.css",
    ),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.min.css": (
        "bootstrap-table/bootstrap-table-filter-control.min.css",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/"
    "bootstrap-datepicker.min.css": ("bootstrap-datepicker/bootstrap-datepicker.min.css",),
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/"
    "bootstrap-prefers-dark.css": ("bootstrap-dark/bootstrap-prefers-dark.min.css",),
    "https://cdn.jsdelivr.net/npm/vega@5": ("vega/vega.min.js",),
    "https://cdn.jsdelivr.net/npm/vega-lite@5": ("vega/vega-lite.min.js",),
    "https://cdn.jsdelivr.net/npm/vega-embed@6": ("vega/vega-embed.min.js",),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": (
        "fontawesome/css/fontawesome.min.css",
        "fontawesome/css/solid.min.css",
    ),
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery/jquery.min.js",),
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": (
        "popper/popper.min.js",
    ),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": (
        "bootstrap/bootstrap.min.js",
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": (
        "bootstrap-table/bootstrap-table.min.js",
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.min.js": (
        "bootstrap-table/bootstrap-table-filter-control.min.js",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/"
    "bootstrap-datepicker.min.js": ("bootstrap-datepicker/bootstrap-datepicker.min.js",),
}
_GX_ASSETS_HOST = "great-expectations-web-assets.s3"

# Result keys that list row values (or their positions); never rendered.
_VALUE_KEYS = frozenset(
    {"unexpected_list", "unexpected_index_list", "unexpected_index_query", "unexpected_rows"}
)

_EXTERNAL = r"(?:https?:)?//"
_SCRIPT = re.compile(
    r"<script\b[^>]*?\bsrc\s*=\s*([\"'])(?P<url>[^\"']*)\1[^>]*>\s*</script>", re.I | re.S
)
_LINK = re.compile(r"<link\b[^>]*?\bhref\s*=\s*([\"'])(?P<url>[^\"']*)\1[^>]*>", re.I | re.S)
_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*([\"'])(?P<url>[^\"']*)\1[^>]*>", re.I | re.S)
_ALT = re.compile(r"\balt\s*=\s*([\"'])(?P<alt>[^\"']*)\1", re.I)
_ANCHOR = re.compile(
    rf"<a\b[^>]*?\bhref\s*=\s*([\"']){_EXTERNAL}[^\"']*\1[^>]*>(?P<text>.*?)</a>", re.I | re.S
)
_NEWSLETTER = re.compile(
    r"<footer>(?:(?!</footer>).)*?/newsletter(?:(?!</footer>).)*?</footer>", re.S
)
_CSS_IMPORT = re.compile(rf"@import\s+(?:url\()?\s*[\"']?{_EXTERNAL}[^;]*;", re.I)
_CSS_URL = re.compile(rf"url\(\s*([\"']?){_EXTERNAL}[^\"')]*\1\s*\)", re.I)
# A relative reference into the site's static/ folder; GX's favicon.j2 counts one "../" too few
# on validation pages, so these are re-anchored at the site root.
_STATIC_REF = re.compile(r"\b(src|href)\s*=\s*([\"'])(?:\.\.?/)*static/", re.I)
# Anything still pointing outside after the rewrite (a template GX added later): neutralised.
_LEFTOVER = re.compile(rf"\b(src|href|srcset|poster|data)\s*=\s*([\"']){_EXTERNAL}[^\"']*\2", re.I)


def build_data_docs(
    results: Mapping[str, Sequence[Any]],
    expectations_dir: Path,
    out_dir: Path,
    *,
    run_name: str,
) -> Path:
    """Build GX Data Docs for the datasets' validations into out_dir; return out_dir / "index.html".

    ``results`` maps a dataset ("registry", "students", "teachers") to GX 1.x
    ``ExpectationValidationResult`` objects (``ValidationOutcome.gx_results``); each dataset gets
    its suite page and one validation page for this run. The previous site in ``out_dir`` is
    replaced as a whole, so the folder holds exactly one run. ``run_name`` becomes a folder
    name: characters other than ``A-Z a-z 0-9 . _ -`` are replaced by ``_``.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir).resolve()
    safe_run_name = re.sub(r"[^A-Za-z0-9._-]+", "_", run_name).strip(".")
    if not safe_run_name:
        raise ValueError(f"run_name {run_name!r} gives no usable folder name")
    _check_vendor()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex[:12]
    building = out_dir.with_name(f".{out_dir.name}.building-{token}")
    try:
        _render_site(results, Path(expectations_dir), building, safe_run_name)
        rendered = time.perf_counter()
        shutil.copytree(VENDOR_DIR, building / _VENDOR_URL, ignore=_ignore_pycache)
        rewritten = _make_offline(building)
        _swap_in(building, out_dir, token)
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    logger.info(
        "data docs: %d datasets, %d files rewritten for offline use, into %s "
        "(GX %.2fs, total %.2fs)",
        len(results),
        rewritten,
        out_dir,
        rendered - started,
        time.perf_counter() - started,
    )
    return out_dir / "index.html"


def _ignore_pycache(_directory: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__"]


def _check_vendor() -> None:
    """Fail loudly when a vendored file is missing (e.g. package data not installed)."""
    missing = sorted(
        {f for files in CDN_ASSETS.values() for f in files if not (VENDOR_DIR / f).is_file()}
    )
    if missing:
        raise FileNotFoundError(f"vendored Data Docs assets missing in {VENDOR_DIR}: {missing}")


# ---------------------------------------------------------------------------------------------
# GX
# ---------------------------------------------------------------------------------------------


def _docs_context(site_dir: Path) -> Any:
    """An ephemeral context (``gx_quiet.ephemeral_context``) with one filesystem site."""
    return ephemeral_context(
        {
            SITE_NAME: {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,  # calls to action linking to GX websites
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(site_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        }
    )


def _render_site(
    results: Mapping[str, Sequence[Any]], expectations_dir: Path, site_dir: Path, run_name: str
) -> None:
    """Store each dataset's suite and suite validation result in a context; let GX build."""
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
    )
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )
    from great_expectations.validator.validator import calc_validation_statistics

    suites = {dataset: load_suite(dataset, expectations_dir) for dataset in results}
    gx_module = import_gx()
    run_id = RunIdentifier(run_name=run_name, run_time=dt.datetime.now(dt.UTC))
    with quiet_gx():
        context = _docs_context(site_dir)
        for dataset, suite in suites.items():
            allowed = suite_parameter_names(suite).union(
                *(columns_read(e) for e in suite.expectations)
            )
            cleaned = [_without_values(r, allowed) for r in results[dataset]]
            stats = calc_validation_statistics(cleaned)
            suite_result = ExpectationSuiteValidationResult(
                success=stats.success,
                results=cleaned,
                suite_name=suite.name,
                statistics={
                    "evaluated_expectations": stats.evaluated_expectations,
                    "successful_expectations": stats.successful_expectations,
                    "unsuccessful_expectations": stats.unsuccessful_expectations,
                    "success_percent": stats.success_percent,
                },
                meta={
                    "great_expectations_version": gx_module.__version__,
                    "expectation_suite_name": suite.name,
                    "run_id": run_id,
                    "validation_time": run_id.run_time.strftime("%Y%m%dT%H%M%S.%fZ"),
                    "batch_spec": {"data_asset_name": dataset},
                },
            )
            context.suites.add(suite)
            key = ValidationResultIdentifier(
                expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite.name),
                run_id=run_id,
                batch_identifier=dataset,
            )
            context.validation_results_store.set(key, suite_result)
        context.build_data_docs(site_names=[SITE_NAME])


def _without_values(result: Any, allowed_names: set[str]) -> Any:
    """A copy of a GX result without row values, redacted exception texts, no tracebacks."""
    from great_expectations.core.expectation_validation_result import (
        ExpectationValidationResult,
    )

    counts = {
        k: v
        for k, v in (result.result or {}).items()
        if k not in _VALUE_KEYS and not k.startswith("partial_unexpected")
    }
    return ExpectationValidationResult(
        success=result.success,
        expectation_config=result.expectation_config,
        result=counts,
        meta=dict(result.meta or {}),
        exception_info=_redacted(result.exception_info or {}, allowed_names),
    )


def _redacted(info: Any, allowed_names: set[str]) -> Any:
    """``exception_info`` (flat, or keyed by metric id) with messages redacted."""
    if not isinstance(info, Mapping):
        return info
    cleaned: dict[str, Any] = {}
    for key, value in info.items():
        if key == "exception_message":
            cleaned[key] = redact(value, allowed_names)
        elif key == "exception_traceback":
            cleaned[key] = None
        else:
            cleaned[key] = _redacted(value, allowed_names)
    return cleaned


# ---------------------------------------------------------------------------------------------
# Offline rewrite
# ---------------------------------------------------------------------------------------------


def _make_offline(site_dir: Path) -> int:
    """Rewrite GX's html and css (not the vendored files) to reference local files only."""
    vendor = site_dir / _VENDOR_URL
    count = 0
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css") or vendor in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            depth = len(path.relative_to(site_dir).parts) - 1
            new = offline_html(text, "../" * depth, where=str(path.relative_to(site_dir)))
        else:
            new = offline_css(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            count += 1
    return count


def offline_html(page: str, to_root: str, *, where: str = "page") -> str:
    """One generated page with every external reference replaced or removed.

    ``to_root`` is the relative path from the page to the site root ("" or "../../" …).

    >>> offline_html('<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>', "../")
    '<script src="../static/vendor/jquery/jquery.min.js"></script>'
    """

    def local(url: str, where_tag: str) -> tuple[str, ...] | None:
        files = CDN_ASSETS.get(url.strip())
        if files is None:
            logger.warning("data docs %s: dropped unknown external %s %s", where, where_tag, url)
        return files

    def script(match: re.Match[str]) -> str:
        if not re.match(_EXTERNAL, match["url"]):
            return match.group(0)
        files = local(match["url"], "script") or ()
        return "".join(f'<script src="{to_root}{_VENDOR_URL}{f}"></script>' for f in files)

    def link(match: re.Match[str]) -> str:
        if not re.match(_EXTERNAL, match["url"]):
            return match.group(0)
        files = local(match["url"], "link") or ()
        return "".join(f'<link rel="stylesheet" href="{to_root}{_VENDOR_URL}{f}"/>' for f in files)

    def image(match: re.Match[str]) -> str:
        if not re.match(_EXTERNAL, match["url"]):
            return match.group(0)
        if _GX_ASSETS_HOST in match["url"]:  # the GX logo, with a tracking query string
            return f'<span class="h4 m-0 align-middle">{html.escape(BRAND_TEXT)}</span>'
        alt = _ALT.search(match.group(0))
        return f"<span>{alt['alt'] if alt else ''}</span>"

    page = _NEWSLETTER.sub("", page)
    page = _SCRIPT.sub(script, page)
    page = _LINK.sub(link, page)
    page = _IMG.sub(image, page)
    page = _ANCHOR.sub(lambda m: f"<span>{m['text']}</span>", page)  # links to GX websites
    page = offline_css(page)  # the default styles are inlined in every page
    page = _STATIC_REF.sub(lambda m: f"{m[1]}={m[2]}{to_root}static/", page)
    leftover = _LEFTOVER.findall(page)
    if leftover:
        logger.warning("data docs %s: neutralised %d external attributes", where, len(leftover))
        page = _LEFTOVER.sub(lambda m: f"{m[1]}={m[2]}{m[2]}", page)
    return page


def offline_css(css: str) -> str:
    """CSS (a file or inlined styles) without external ``@import`` or ``url()``.

    >>> offline_css("a { background: url('https://x.example/logo.png') 0 0 no-repeat; }")
    'a { background: none 0 0 no-repeat; }'
    """
    return _CSS_URL.sub("none", _CSS_IMPORT.sub("", css))


def _swap_in(built: Path, out_dir: Path, token: str) -> None:
    """Put ``built`` at ``out_dir``; the previous site is renamed away first, then deleted.

    Renames within one parent folder are atomic; a directory cannot be renamed over a
    non-empty one, hence two renames (and the old site is put back if the second fails).
    """
    old = out_dir.with_name(f".{out_dir.name}.old-{token}")
    had_old = out_dir.exists()
    if had_old:
        os.replace(out_dir, old)
    try:
        os.replace(built, out_dir)
    except OSError:
        if had_old:
            os.replace(old, out_dir)
        raise
    if had_old:
        shutil.rmtree(old, ignore_errors=True)
