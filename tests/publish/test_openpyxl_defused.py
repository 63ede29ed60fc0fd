"""openpyxl parses XML through defusedxml: a workbook carrying an entity bomb, opened with
openpyxl (as a person's tool or a test does), is refused at once instead of expanding."""

import zipfile

import openpyxl
import openpyxl.xml
import pytest
from defusedxml import DefusedXmlException


def test_openpyxl_uses_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_an_entity_bomb_is_refused_by_openpyxl(tmp_path):
    plain = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Họ và tên", "Ngày sinh"])
    book.save(plain)
    bomb = tmp_path / "bomb.xlsx"
    laughs = "<!DOCTYPE x [<!ENTITY a0 'ha'>" + "".join(
        f"<!ENTITY a{i} '{f'&a{i - 1};' * 10}'>" for i in range(1, 10)) + "]>"  # fmt: skip
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = laughs.encode() + data.split(b"?>", 1)[-1]  # the DTD before the root
            out.writestr(item, data)
    with pytest.raises(ValueError, match="could not read workbook") as refused:
        openpyxl.load_workbook(bomb)
    causes = []
    error: BaseException | None = refused.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(cause, DefusedXmlException) for cause in causes)
