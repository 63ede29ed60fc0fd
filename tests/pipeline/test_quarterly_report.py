"""The quarterly report: Vietnamese, the province's indicators, charts that work offline."""

import re

import duckdb


def test_report_shows_the_indicators_and_requests_nothing_external(cli_run):
    assert cli_run.returncode == 0, cli_run.stdout + cli_run.stderr
    (report,) = (cli_run.warehouse / "report").glob("bao-cao-*.html")
    page = report.read_text(encoding="utf-8")
    assert "Báo cáo chỉ tiêu kế hoạch 2026" in page and "Theo xã/phường" in page
    with duckdb.connect(str(cli_run.warehouse / "edu.duckdb"), read_only=True) as connection:
        kpis = connection.execute("SELECT kpi, numerator, denominator FROM marts.kpi_province").df()
    for kpi in kpis.itertuples():
        assert f"<td>{kpi.numerator:,}</td><td>{kpi.denominator:,}</td>" in page, kpi.kpi
    assert page.count("vegaEmbed('#") == 3
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "cdn.jsdelivr" not in page and "<script src" not in page
