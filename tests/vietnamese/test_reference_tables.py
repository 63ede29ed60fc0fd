"""The bundled fact tables: shape, key facts, and that nothing reads ../shared at run time."""

import ast
from pathlib import Path

import pytest

import edu_pipeline.vietnamese as package
from edu_pipeline.reference import read_reference_csv

REFERENCE = Path(package.__file__).parents[1] / "reference"


def test_province_codes():
    rows = {r["code"]: r["province"] for r in read_reference_csv("citizen_id_provinces.csv")}
    assert len(rows) == 63
    assert rows["001"] == "Hà Nội"
    assert rows["066"] == "Đắk Lắk"
    assert rows["054"] == "Phú Yên"
    assert rows["096"] == "Cà Mau"
    assert all(len(code) == 3 and code.startswith("0") for code in rows)


def test_family_names_hold_kinh_counts_and_highland_clans():
    rows = {r["name"]: r for r in read_reference_csv("family_names.csv")}
    assert int(rows["Nguyễn"]["count"]) > int(rows["Trần"]["count"]) > 0
    for clan in [
        "Niê",
        "Êban",
        "Mlô",
        "Byă",
        "Adrơng",
        "Buôn Yă",
        "Hwing",
        "Knul",
        "Bkrông",
        "Hmok",
    ]:
        assert rows[clan]["ordering"] == "clan_last", clan
    for clan in ["Ksor", "Rơ Châm", "Rơ Mah", "Siu", "Nay", "Kpă", "Rcom"]:
        assert rows[clan]["ordering"] == "clan_first", clan
    assert "Kinh" in rows["Đinh"]["people"] and "Ba-na" in rows["Đinh"]["people"]
    assert "Văn" not in rows and "Thị" not in rows


def test_legacy_tables_cover_134_letters():
    for font in ("tcvn3", "vni"):
        assert len(read_reference_csv(f"legacy_{font}.csv")) == 134


def test_phone_prefixes():
    rows = {
        r["old_prefix"]: r["new_prefix"] for r in read_reference_csv("phone_prefix_changes.csv")
    }
    assert len(rows) == 21
    assert rows["0162"] == "032" and rows["0120"] == "070" and rows["0199"] == "059"


def test_every_data_file_is_documented():
    sources = (REFERENCE / "SOURCES.md").read_text(encoding="utf-8")
    for name in [
        "legacy_tcvn3.csv",
        "legacy_vni.csv",
        "citizen_id_provinces.csv",
        "ethnic_groups.csv",
        "gender_synonyms.csv",
        "family_names.csv",
        "phone_prefix_changes.csv",
        "name_syllables.csv",
    ]:
        assert (REFERENCE / name).exists(), name
        assert f"`{name}`" in sources, name


def _code_strings(source: str) -> list[str]:
    """String literals of a module, docstrings excluded."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize(
    "module", sorted(Path(package.__file__).parent.glob("*.py")), ids=lambda p: p.name
)
def test_rules_never_read_shared_or_import_dagster(module):
    source = module.read_text(encoding="utf-8")
    assert not [s for s in _code_strings(source) if "shared" in s]
    assert "import dagster" not in source and "from dagster" not in source
