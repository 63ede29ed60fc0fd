"""File writers: .xlsx (openpyxl write-only), .xls (xlwt, BIFF8), .ods (plain XML), .csv.

Every writer returns bytes that do not depend on the clock: zip entry times and document
properties are set to :data:`FIXED_TIME`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from xml.sax.saxutils import escape

import xlwt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.cell_range import CellRange

from edu_pipeline.demo.layout import Sheet
from edu_pipeline.demo.render import Cell
from edu_pipeline.vietnamese.legacy_fonts import encode_windows_1258

FIXED_TIME = datetime(2026, 1, 5, 8, 0, 0)
_ZIP_TIME = FIXED_TIME.timetuple()[:6]
_CORE_STAMP = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times (and fixed dates in docProps/core.xml)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATE.sub(rb"\g<1>" + _CORE_STAMP + rb"\g<3>", content)
            zi = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            dst.writestr(zi, content)
    return out.getvalue()


def _merge_starts(sheet: Sheet) -> dict[tuple[int, int], tuple[int, int]]:
    return {(r1, c1): (r2, c2) for r1, c1, r2, c2 in sheet.merges}


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    wb = Workbook(write_only=True)
    wb.properties.creator = "Microsoft Excel"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    for sheet in sheets:
        ws = wb.create_sheet(title=sheet.name)
        for r1, c1, r2, c2 in sheet.merges:
            ws.merged_cells.add(
                CellRange(min_row=r1 + 1, min_col=c1 + 1, max_row=r2 + 1, max_col=c2 + 1)
            )
        for row in sheet.rows:
            ws.append([_xlsx_cell(ws, v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return normalize_zip(buf.getvalue())


def _xlsx_cell(ws: object, value: Cell) -> object:
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return value


_XLS_DATE = xlwt.easyxf(num_format_str="DD/MM/YYYY")


def xls_bytes(sheets: list[Sheet]) -> bytes:
    wb = xlwt.Workbook(encoding="utf-8")
    for sheet in sheets:
        ws = wb.add_sheet(sheet.name, cell_overwrite_ok=True)
        starts = _merge_starts(sheet)
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                style = _XLS_DATE if isinstance(value, date) else xlwt.Style.default_style
                if (r, c) in starts:
                    r2, c2 = starts[(r, c)]
                    ws.write_merge(r, r2, c, c2, value if value is not None else "", style)
                elif value is not None:
                    ws.write(r, c, value, style)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2"'
)
_ODS_STYLES = (
    '<office:automatic-styles><number:date-style style:name="N1">'
    '<number:day number:style="long"/><number:text>/</number:text>'
    '<number:month number:style="long"/><number:text>/</number:text>'
    '<number:year number:style="long"/></number:date-style>'
    '<style:style style:name="ce1" style:family="table-cell" '
    'style:data-style-name="N1"/></office:automatic-styles>'
)
_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    f'manifest:media-type="{_ODS_MIME}"/>'
    + "".join(
        f'<manifest:file-entry manifest:full-path="{n}" manifest:media-type="text/xml"/>'
        for n in ("content.xml", "styles.xml", "meta.xml")
    )
    + "</manifest:manifest>"
)


def ods_bytes(sheets: list[Sheet]) -> bytes:
    """OpenDocument spreadsheet written directly as XML.

    odfpy's output depends on which elements the process created before (its namespace
    declarations grow), so it cannot give byte-identical files; this writer can.
    """
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODS_NS}>',
        _ODS_STYLES,
        "<office:body><office:spreadsheet>",
    ]
    for sheet in sheets:
        parts.append(f'<table:table table:name="{escape(sheet.name, _ATTR)}">')
        width = max((len(r) for r in sheet.rows), default=1)
        parts.append(f'<table:table-column table:number-columns-repeated="{width}"/>')
        starts = _merge_starts(sheet)
        covered = {
            (r, c)
            for (r1, c1), (r2, c2) in starts.items()
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
        } - set(starts)
        for r, row in enumerate(sheet.rows):
            parts.append("<table:table-row>")
            for c, value in enumerate(row):
                if (r, c) in covered:
                    parts.append("<table:covered-table-cell/>")
                else:
                    parts.append(_ods_cell(value, starts.get((r, c)), r, c))
            parts.append("</table:table-row>")
        parts.append("</table:table>")
    parts.append("</office:spreadsheet></office:body></office:document-content>")
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {_ODS_NS}>'
        "<office:meta><meta:generator>LibreOffice/7.6</meta:generator></office:meta>"
        "</office:document-meta>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_ODS_NS}>'
        "<office:styles/></office:document-styles>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            zipfile.ZipInfo("mimetype", _ZIP_TIME), _ODS_MIME, compress_type=zipfile.ZIP_STORED
        )
        for name, text in (
            ("content.xml", "".join(parts)),
            ("styles.xml", styles),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", _ODS_MANIFEST),
        ):
            z.writestr(
                zipfile.ZipInfo(name, _ZIP_TIME),
                text.encode("utf-8"),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


_ATTR = {'"': "&quot;"}


def _ods_cell(value: Cell, span: tuple[int, int] | None, r: int, c: int) -> str:
    attrs = ""
    if span:
        attrs = (
            f' table:number-rows-spanned="{span[0] - r + 1}"'
            f' table:number-columns-spanned="{span[1] - c + 1}"'
        )
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, date):
        return (
            f'<table:table-cell table:style-name="ce1" office:value-type="date" '
            f'office:date-value="{value.isoformat()}"{attrs}>'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, int):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}"{attrs}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    paras = "".join(f"<text:p>{escape(line)}</text:p>" for line in value.split("\n"))
    return f'<table:table-cell office:value-type="string"{attrs}>{paras}</table:table-cell>'


def csv_text(sheet: Sheet, delimiter: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in sheet.rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return buf.getvalue()


def encode_text(text: str, encoding: str) -> bytes:
    """Bytes as the claimed encoding writes them (UTF-16 little-endian with its BOM)."""
    if encoding == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "cp1258":
        return encode_windows_1258(text)
    return text.encode(encoding)


def csv_bytes(sheet: Sheet, encoding: str, delimiter: str) -> bytes:
    return encode_text(csv_text(sheet, delimiter), encoding)


def file_bytes(sheets: list[Sheet], fmt: str, encoding: str = "", delimiter: str = ",") -> bytes:
    if fmt == "xlsx":
        return xlsx_bytes(sheets)
    if fmt == "xls":
        return xls_bytes(sheets)
    if fmt == "ods":
        return ods_bytes(sheets)
    return csv_bytes(sheets[0], encoding, delimiter)
