"""Broken CSVs: NUL bytes and mixed line endings are read correctly (rows at their real line
numbers); a quote never closed is refused instead of swallowing the rest of the file."""

import csv
import io

import pytest

from edu_pipeline.ingest.parse import parse_file


def _text(header, rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue()


@pytest.mark.parametrize("where", ["in a name", "at a line end", "in the first bytes"])
def test_nul_bytes_are_dropped_and_the_rows_read(tmp_path, student_table, where):
    header, rows = student_table
    text = _text(header, rows).encode()
    spot = {"in a name": text.index(rows[1][1].encode()) + 3,
            "at a line end": text.index(b"\n") , "in the first bytes": 2}[where]  # fmt: skip
    path = tmp_path / "hs.csv"
    path.write_bytes(text[:spot] + b"\x00" + text[spot:])
    parsed = parse_file(path)
    assert parsed.error is None
    assert parsed.records["full_name"].tolist() == [row[1] for row in rows]


def test_mixed_line_endings_keep_each_row_and_its_line(tmp_path, student_table):
    header, rows = student_table
    lines = _text(header, rows).splitlines()
    endings = ["\r\n", "\n", "\r"]
    path = tmp_path / "hs.csv"
    path.write_bytes("".join(line + endings[i % 3] for i, line in enumerate(lines)).encode())
    parsed = parse_file(path)
    assert parsed.records["full_name"].tolist() == [row[1] for row in rows]
    assert parsed.records["source_row"].tolist() == list(range(2, len(rows) + 2))


def test_a_quote_never_closed_is_refused(tmp_path, student_table):
    header, rows = student_table
    text = _text(header, rows)
    broken = text.replace(rows[1][1], '"' + rows[1][1], 1)  # opened, never closed
    path = tmp_path / "hs.csv"
    path.write_text(broken, encoding="utf-8")
    assert parse_file(path).error == "malformed_csv"
