"""Header matching survives case, diacritics, spacing and column order (property tests)."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from unidecode import unidecode

from edu_pipeline.ingest.headers import field_for_label, header_key
from edu_pipeline.ingest.parse import parse_file
from edu_pipeline.reference import read_reference_csv

SYNONYMS = [(row["wording"], row["field"]) for row in read_reference_csv("header_synonyms.csv")]


def _restyled(wording: str, case: str, ascii_only: bool, pad: str, suffix: str) -> str:
    text = unidecode(wording) if ascii_only else wording
    text = {"upper": text.upper(), "lower": text.lower(), "title": text.title(), "as-is": text}[
        case
    ]
    return pad + text.replace(" ", pad or " ") + suffix


@given(
    synonym=st.sampled_from(SYNONYMS),
    case=st.sampled_from(["upper", "lower", "title", "as-is"]),
    ascii_only=st.booleans(),
    pad=st.sampled_from(["", "  ", "\n", " \n "]),
    suffix=st.sampled_from(["", " *", "*", ":", " (*)"]),
)
def test_header_wording_survives_case_diacritics_and_spacing(
    synonym, case, ascii_only, pad, suffix
):
    wording, field = synonym
    if ascii_only and field_for_label(unidecode(wording)) != field:
        return  # ASCII folding makes this wording ambiguous ("Năm" vs "Nam"): diacritics needed
    assert field_for_label(_restyled(wording, case, ascii_only, pad, suffix)) == field


def test_every_synonym_maps_to_its_field():
    for wording, field in SYNONYMS:
        assert field_for_label(wording) == field, wording
    assert len({header_key(w) for w, _ in SYNONYMS}) == len(SYNONYMS)  # no duplicate wordings


COLUMNS = [
    ("Họ và tên", ["Nguyễn Văn An", "H'Hen Niê", "Trần Thị Thủy"]),
    ("Ngày sinh", ["05/03/2014", "07/08/2014", "01/02/2014"]),
    ("Giới tính", ["Nam", "Nữ", "Nữ"]),
    ("Dân tộc", ["Kinh", "Ê-đê", "Kinh"]),
    ("Số định danh cá nhân", ["066214000101", "066314000102", "066314000103"]),
    ("Lớp", ["6A1", "6A1", "6A2"]),
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(range(len(COLUMNS))), label_case=st.sampled_from(["as-is", "upper"]))
def test_column_order_does_not_change_the_records(tmp_path_factory, xlsx, order, label_case):
    header = [COLUMNS[i][0].upper() if label_case == "upper" else COLUMNS[i][0] for i in order]
    body = [[COLUMNS[i][1][row] for i in order] for row in range(3)]
    path = xlsx(tmp_path_factory.mktemp("order") / "hs.xlsx", {"DS": [header, *body]})
    records = parse_file(path).records
    fields = ["full_name", "birth_date", "gender", "ethnicity", "citizen_id", "class_name"]
    expected = {field: values for field, (_, values) in zip(fields, COLUMNS, strict=True)}
    assert {field: records[field].tolist() for field in fields} == expected


@pytest.mark.parametrize("letter", list(string.ascii_uppercase[:3]))
def test_unknown_headers_map_to_nothing(letter):
    assert field_for_label(f"Cột {letter} ghi chú thêm") is None
