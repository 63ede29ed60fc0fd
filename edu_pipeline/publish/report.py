"""The quarterly report for the Sở's leadership: the plan's indicators by commune and level.

One self-contained HTML file per release (`report/bao-cao-<period>.html`), in Vietnamese, that
opens offline on an intranet: the charts are Vega-Lite specifications drawn by the vega
scripts vendored for the Data Docs (`quality/data_docs_vendor/`, BSD-3), embedded in the page,
so nothing is fetched. Aggregates only: no person appears in it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import duckdb
import pandas as pd

from edu_pipeline.publish.releases import SCHEMA
from edu_pipeline.quality.data_docs import VENDOR_DIR

REPORT_DIR = "report"
VEGA_SCRIPTS = ("vega/vega.min.js", "vega/vega-lite.min.js", "vega/vega-embed.min.js")
KPI_LABELS = {
    "digital_record_share": "Học sinh có học bạ số đã ký",
    "digital_skills_share": "Cán bộ, giáo viên đã bồi dưỡng kỹ năng số",
    "cashless_fees": "Trường thu phí không dùng tiền mặt",
    "cashless_fee_amount": "Số tiền thu không dùng tiền mặt",
    "data_quality_score": "Điểm chất lượng dữ liệu",
    "on_time_submission": "Danh sách nộp đúng hạn",
}
DIMENSION_LABELS = {"correct": "Đúng", "complete": "Đủ", "clean": "Sạch", "fresh": "Sống"}


def write_quarterly_report(release: Path) -> Path:
    """Write the report of a release from its `edu.duckdb`; return the file."""
    with duckdb.connect(str(release / "edu.duckdb"), read_only=True) as source:
        province = source.execute(f"SELECT * FROM {SCHEMA}.kpi_province ORDER BY kpi").df()
        by_place = source.execute(f"""
            SELECT s.commune, s.level, k.kpi, sum(k.numerator) AS numerator,
                   sum(k.denominator) AS denominator
            FROM {SCHEMA}.kpi_school k JOIN {SCHEMA}.dim_school s USING (school_code)
            GROUP BY ALL""").df()  # fmt: skip
        quality = source.execute(
            f"SELECT dimension, score FROM {SCHEMA}.dq_scorecard_province WHERE dataset = 'all'"
        ).df()
        enrollment = source.execute(f"""
            SELECT s.level, sum(e.students) AS students, sum(e.female) AS female,
                   sum(e.ethnic_minority) AS ethnic_minority
            FROM {SCHEMA}.fct_enrollment e JOIN {SCHEMA}.dim_school s USING (school_code)
            GROUP BY ALL ORDER BY students DESC""").df()  # fmt: skip
    period = str(province["period"].iloc[0]) if len(province) else "-"
    by_place["kpi"] = by_place["kpi"].map(KPI_LABELS)
    charts = {
        "levels": _bar_by_level(_rates(by_place, ["level", "kpi"])),
        "communes": _heatmap(_rates(by_place, ["commune", "kpi"])),
        "quality": _quality_bars(quality.replace({"dimension": DIMENSION_LABELS})),
    }
    out = release / REPORT_DIR / f"bao-cao-{period}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(_page(period, province, enrollment, charts), encoding="utf-8")
    return out


def _rates(table: pd.DataFrame, by: list[str]) -> list[dict]:
    grouped = table.groupby(by, as_index=False)[["numerator", "denominator"]].sum()
    grouped = grouped[grouped["denominator"] > 0]
    grouped["rate"] = (grouped["numerator"] / grouped["denominator"]).round(4)
    return grouped.drop(columns=["numerator", "denominator"]).to_dict("records")


def _bar_by_level(rows: list[dict]) -> dict:
    return {
        "data": {"values": rows}, "mark": "bar", "width": 160, "height": 120,
        "encoding": {
            "facet": {"field": "kpi", "title": None, "columns": 3},
            "y": {"field": "level", "type": "nominal", "title": "Cấp học"},
            "x": {"field": "rate", "type": "quantitative", "title": "Tỉ lệ",
                  "axis": {"format": "%"}, "scale": {"domain": [0, 1]}},
            "tooltip": [{"field": "level"}, {"field": "rate", "format": ".1%"}],
        },
    }  # fmt: skip


def _heatmap(rows: list[dict]) -> dict:
    return {
        "data": {"values": rows}, "mark": "rect", "width": 420,
        "encoding": {
            "y": {"field": "commune", "type": "nominal", "title": "Xã/phường", "sort": "ascending"},
            "x": {"field": "kpi", "type": "nominal", "title": None, "axis": {"labelAngle": -30}},
            "color": {"field": "rate", "type": "quantitative", "title": "Tỉ lệ",
                      "scale": {"domain": [0, 1], "scheme": "redyellowgreen"}},
            "tooltip": [{"field": "commune"}, {"field": "kpi"},
                        {"field": "rate", "format": ".1%"}],
        },
    }  # fmt: skip


def _quality_bars(quality: pd.DataFrame) -> dict:
    return {
        "data": {"values": quality.to_dict("records")}, "mark": "bar", "width": 360,
        "encoding": {
            "x": {"field": "score", "type": "quantitative", "title": "Tỉ lệ kiểm tra đạt",
                  "axis": {"format": "%"}, "scale": {"domain": [0, 1]}},
            "y": {"field": "dimension", "type": "nominal", "title": None, "sort": None},
        },
    }  # fmt: skip


def _page(period: str, province: pd.DataFrame, enrollment: pd.DataFrame, charts: dict) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(KPI_LABELS.get(r.kpi, r.kpi))}</td><td>{r.numerator:,}</td>"
        f"<td>{r.denominator:,}</td><td>{_percent(r.value)}</td></tr>"
        for r in province.itertuples()
    )
    levels = "".join(
        f"<tr><td>{html.escape(str(r.level))}</td><td>{int(r.students):,}</td>"
        f"<td>{int(r.female):,}</td><td>{int(r.ethnic_minority):,}</td></tr>"
        for r in enrollment.itertuples()
    )
    scripts = "".join(f"<script>{(VENDOR_DIR / s).read_text(encoding='utf-8')}</script>"
                      for s in VEGA_SCRIPTS)  # fmt: skip
    embeds = "".join(
        f"vegaEmbed('#{name}', {_script_json(spec)}, {{actions: false}});"
        for name, spec in charts.items()
    )
    today = dt.date.today().strftime("%d/%m/%Y")
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Báo cáo quý {html.escape(period)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px}}
td:not(:first-child){{text-align:right}}</style>{scripts}</head><body>
<h1>Báo cáo chỉ tiêu kế hoạch 2026 và chất lượng dữ liệu - kỳ {html.escape(period)}</h1>
<p>Sở Giáo dục và Đào tạo Đắk Lắk. Lập ngày {today} từ kho dữ liệu đã công bố.</p>
<h2>Chỉ tiêu toàn tỉnh</h2>
<table><tr><th>Chỉ tiêu</th><th>Tử số</th><th>Mẫu số</th><th>Tỉ lệ</th></tr>{rows}</table>
<h2>Theo cấp học</h2><div id="levels"></div>
<h2>Theo xã/phường</h2><div id="communes"></div>
<h2>Chất lượng dữ liệu (đúng - đủ - sạch - sống)</h2><div id="quality"></div>
<h2>Sĩ số theo cấp học</h2>
<table><tr><th>Cấp học</th><th>Học sinh</th><th>Nữ</th><th>Dân tộc thiểu số</th></tr>{levels}
</table><script>{embeds}</script></body></html>"""


def _script_json(spec: dict) -> str:
    """JSON safe inside a <script> element (no "</" can close it)."""
    return json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")


def _percent(value: float) -> str:
    return "-" if pd.isna(value) else f"{100 * value:.1f}%".replace(".", ",")
