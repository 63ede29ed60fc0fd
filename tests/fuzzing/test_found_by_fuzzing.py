"""What the fuzzers found, each input rebuilt by code, so that it stays found.

Also found by fuzzing, with their own test files: an .xls whose sector chain loops
(`tests/ingest/test_compound_files.py`) and an .xlsx whose end record points past its
central directory (`tests/ingest/test_broken_zip.py`). `docs/fuzzing.md` lists them all.
"""

from pathlib import Path

import olefile
import pytest

from edu_pipeline.ingest.parse import parse_file
from edu_pipeline.vietnamese.names import normalize_name


@pytest.mark.parametrize("cut", [100, 200, 300])
def test_an_xls_cut_inside_its_directory_is_corrupt_not_a_panic(tmp_path, xls, student_table, cut):
    """atheris, target `files`: calamine panicked (a Rust slice index out of range) reading
    a directory sector cut short; pyo3 raises that as `PanicException`, a BaseException."""
    header, rows = student_table
    path = xls(tmp_path / "DS.xls", {"DS": [header, *rows * 30]})
    data = path.read_bytes()
    directory_end = (olefile.OleFileIO(str(path)).first_dir_sector + 2) * 512
    assert directory_end == len(data), "xlwt writes the directory last"
    cut_short = Path(tmp_path / "DS hoc sinh.xls")
    cut_short.write_bytes(data[: directory_end - cut])
    assert parse_file(cut_short).error == "corrupt_workbook"


@pytest.mark.parametrize("typed", ["¢\vc¢\vk\0\0\0\0", "¢ c¢ k", "C¢ ¢", "oẹ̀", "hoẹ̀ ọ̀a"])
def test_a_normalised_name_normalises_to_itself(typed):
    """atheris, target `text`: "Câ" decoded from TCVN3 reads as TCVN3 once more ("Cõ"), so
    two passes of `normalize_name` did not give a value that normalises to itself.
    hypothesis: a word with two tone marks ("ẹ̀") kept one as a combining mark after the
    tone style moved the other, and only the next pass composed it."""
    once = normalize_name(typed)
    assert normalize_name(once) == once
