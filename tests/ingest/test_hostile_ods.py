"""An .ods whose rows are "repeated" is bounded by the cells it would hold, repeats counted.

ODS compresses a run of identical rows or cells into one element with a repeat count. A
1.6 KB file can so ask for ten million cells (1.3 GB in calamine, which refuses only past a
hundred million). Each file is written by pandas (odfpy), then its content rewritten, and
parsed in a child process under the hostile files' time and memory budget.
"""

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tests.ingest.test_hostile_files import _parse_in_child


def _ods(path: Path, extra_rows: bytes) -> Path:
    frame = pd.DataFrame({"STT": [1, 2], "Họ và tên": ["Nguyễn Văn An", "Trần Thị Bích"],
                          "Ngày sinh": ["05/03/2014", "01/02/2014"]})  # fmt: skip
    buffer = io.BytesIO()
    frame.to_excel(buffer, engine="odf", index=False, sheet_name="DS")
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "content.xml":
                data = data.replace(b"</table:table>", extra_rows + b"</table:table>")
            out.writestr(item, data)
    return path


def _repeated(rows: int, columns: int, value: bool = True) -> bytes:
    typed = b' office:value-type="string"><text:p>x</text:p></table:table-cell>' if value else b"/>"
    return (b'<table:table-row table:number-rows-repeated="%d"><table:table-cell '
            b'table:number-columns-repeated="%d"' % (rows, columns) + typed
            + b"</table:table-row>")  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "columns", "reason"),
    [(200_000, 100, "sheet_too_large"), (2_000_000, 1, "too_many_rows"),
     (1_000_000, 1_000, "sheet_too_large")],
)  # fmt: skip
def test_repeated_rows_of_values_are_refused(tmp_path, rows, columns, reason):
    path = _ods(tmp_path / "DS hoc sinh.ods", _repeated(rows, columns))
    assert path.stat().st_size < 4096
    assert _parse_in_child(path)["error"] == reason


def test_empty_rows_repeated_to_the_sheet_end_are_read(tmp_path):
    """What LibreOffice writes after the data of a formatted sheet."""
    path = _ods(tmp_path / "DS hoc sinh.ods", _repeated(1_048_000, 1_024, value=False))
    outcome = _parse_in_child(path)
    assert outcome["error"] is None


def test_a_few_repeated_rows_of_values_are_read(tmp_path):
    path = _ods(tmp_path / "DS hoc sinh.ods", _repeated(50, 3))
    assert _parse_in_child(path)["error"] is None
