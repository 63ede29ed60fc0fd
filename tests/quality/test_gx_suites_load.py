"""Every suite in expectations/ loads in GX 1.x and every expectation carries the meta contract."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from edu_pipeline.quality.gx_suites import (
    ACTIONS,
    DATASETS,
    DIMENSIONS,
    REQUIRED_META_KEYS,
    SEVERITIES,
    SuiteError,
    load_suite,
    suite_parameter_names,
)

VIETNAMESE_LETTERS = re.compile(
    r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I
)

# The rule set is a contract with the feedback workbooks and scorecards: (rule, dimension,
# severity, action). Changing a suite means changing this table on purpose.
PERSON_RULES = [
    ("full_name.missing", "complete", "error", "quarantined"),
    ("full_name.has_digits", "clean", "error", "flagged"),
    ("full_name.has_symbols", "clean", "error", "flagged"),
    ("full_name.too_short", "clean", "warning", "flagged"),
    ("full_name.single_word", "clean", "warning", "flagged"),
    ("full_name.other_problem", "clean", "warning", "flagged"),
    ("birth_date.missing", "complete", "error", "flagged"),
    ("birth_date.invalid_date", "correct", "error", "flagged"),
    ("birth_date.unparseable", "correct", "error", "flagged"),
    ("birth_date.incomplete_date", "correct", "error", "flagged"),
    ("birth_date.year_only", "correct", "error", "flagged"),
    ("birth_date.future_date", "correct", "error", "flagged"),
    ("birth_date.other_problem", "correct", "error", "flagged"),
    ("gender.missing", "complete", "error", "flagged"),
    ("gender.unknown", "correct", "error", "flagged"),
    ("ethnicity.unknown", "correct", "warning", "flagged"),
    ("citizen_id.bad_length", "correct", "error", "flagged"),
    ("citizen_id.unknown_province", "correct", "error", "flagged"),
    ("citizen_id.gender_mismatch", "correct", "error", "flagged"),
    ("citizen_id.century_mismatch", "correct", "error", "flagged"),
    ("citizen_id.year_mismatch", "correct", "error", "flagged"),
    ("citizen_id.not_digits", "correct", "error", "flagged"),
    ("citizen_id.not_recoverable", "correct", "error", "flagged"),
    ("citizen_id.old_cmnd", "correct", "warning", "flagged"),
    ("citizen_id.other_problem", "correct", "error", "flagged"),
    ("citizen_id.leading_zero_restored", "clean", "warning", "fixed"),
    ("phone.invalid", "correct", "warning", "flagged"),
    ("phone.leading_zero_restored", "clean", "warning", "fixed"),
    ("phone.old_prefix_converted", "clean", "warning", "fixed"),
    ("phone.first_of_several", "clean", "warning", "fixed"),
    ("phone.other_fix", "clean", "warning", "fixed"),
    ("school_code.missing", "complete", "error", "quarantined"),
    ("school_code.not_in_registry", "correct", "error", "quarantined"),
]
EXPECTED_RULES = {
    "students": {
        **{f"students.{r}": rest for r, *rest in PERSON_RULES},
        "students.birth_date.outside_school_age": ["fresh", "warning", "flagged"],
        "students.birth_date.age_not_for_grade": ["fresh", "warning", "flagged"],
        "students.status.left": ["fresh", "warning", "flagged"],
        "students.moet_id.bad_length": ["correct", "error", "flagged"],
    },
    "teachers": {
        **{f"teachers.{r}": rest for r, *rest in PERSON_RULES},
        "teachers.birth_date.too_young": ["correct", "warning", "flagged"],
        "teachers.employment_status.past_retirement_age_male": ["fresh", "warning", "flagged"],
        "teachers.employment_status.past_retirement_age_female": ["fresh", "warning", "flagged"],
        "teachers.employment_status.left": ["fresh", "warning", "flagged"],
        "teachers.email.invalid": ["correct", "warning", "flagged"],
    },
    "registry": {
        "registry.school_code.missing": ["complete", "error", "quarantined"],
        "registry.school_code.bad_format": ["correct", "error", "quarantined"],
        "registry.school_code.duplicate": ["clean", "error", "flagged"],
        "registry.school_name.missing": ["complete", "error", "flagged"],
        "registry.level.missing": ["complete", "error", "flagged"],
        "registry.level.unknown": ["correct", "error", "flagged"],
        "registry.commune.missing": ["complete", "error", "flagged"],
        "registry.commune.unknown": ["correct", "warning", "flagged"],
        "registry.commune.pre_reform_ambiguous": ["correct", "warning", "flagged"],
        "registry.commune.pre_reform_name": ["clean", "warning", "fixed"],
    },
    "fees": {
        "fees.school_code.missing": ["complete", "error", "quarantined"],
        "fees.school_code.not_in_registry": ["correct", "error", "quarantined"],
        "fees.fee_item.missing": ["complete", "error", "flagged"],
        "fees.amount_total.missing": ["complete", "error", "flagged"],
        "fees.amount_total.invalid": ["correct", "error", "flagged"],
        "fees.amount_cashless.missing": ["complete", "error", "flagged"],
        "fees.amount_cashless.invalid": ["correct", "error", "flagged"],
        "fees.payers_total.invalid": ["correct", "warning", "flagged"],
        "fees.payers_cashless.invalid": ["correct", "warning", "flagged"],
        "fees.amount_cashless.exceeds_total": ["correct", "error", "flagged"],
        "fees.payers_cashless.exceeds_total": ["correct", "warning", "flagged"],
        "fees.payment_channel.unknown": ["correct", "warning", "flagged"],
        "fees.fee_item.duplicate": ["clean", "warning", "flagged"],
    },
}
RUN_LEVEL_RULES = {"full_name.missing", "school_code.missing", "school_code.not_in_registry"}
EXPECTED_PARAMETERS = {
    "registry": set(),
    "fees": {"registry_school_codes"},
    "students": {"registry_school_codes", "min_birth_date", "max_birth_date"},
    "teachers": {
        "registry_school_codes",
        "staff_max_birth_date",
        "retirement_min_birth_date_male",
        "retirement_min_birth_date_female",
    },
}
ALL_EXPECTATIONS = [
    (dataset, position) for dataset in DATASETS for position in range(len(EXPECTED_RULES[dataset]))
]


@pytest.fixture(scope="module")
def suites(gx_expectations_dir: Path) -> dict[str, object]:
    return {dataset: load_suite(dataset, gx_expectations_dir) for dataset in DATASETS}


@pytest.mark.parametrize("dataset", DATASETS)
def test_suite_file_loads_with_every_expectation(dataset: str, gx_expectations_dir: Path, suites):
    declared = json.loads((gx_expectations_dir / f"{dataset}.json").read_text(encoding="utf-8"))
    suite = suites[dataset]
    assert suite.name == dataset
    assert len(suite.expectations) == len(declared["expectations"]) > 0


@pytest.mark.parametrize("dataset", DATASETS)
def test_suite_has_exactly_the_contracted_rules(dataset: str, suites):
    actual = {
        e.meta["rule"]: [e.meta["dimension"], e.meta["severity"], e.meta["action"]]
        for e in suites[dataset].expectations
    }
    assert actual == EXPECTED_RULES[dataset]


@pytest.mark.parametrize(("dataset", "position"), ALL_EXPECTATIONS)
def test_expectation_meta_contract(dataset: str, position: int, suites):
    expectation = suites[dataset].expectations[position]
    meta = expectation.meta
    for key in REQUIRED_META_KEYS:
        assert isinstance(meta.get(key), str) and meta[key], key
    assert meta["rule"].startswith(f"{dataset}.")
    assert meta["dimension"] in DIMENSIONS
    assert meta["severity"] in SEVERITIES
    assert meta["action"] in ACTIONS
    assert meta["column"].startswith("raw_")
    # GX's severity is the run's: critical (a blocking check) only where "most rows fail"
    # means the dataset is unusable, with the tolerated share in `mostly`.
    mostly = expectation.configuration.kwargs.get("mostly")
    if expectation.severity.value == "critical":
        assert meta["rule"].split(".", 1)[1] in RUN_LEVEL_RULES
        assert meta["severity"] == "error" and 0 < mostly < 1
    else:
        assert expectation.severity.value == "warning" and mostly is None


@pytest.mark.parametrize(("dataset", "position"), ALL_EXPECTATIONS)
def test_message_is_vietnamese_and_says_how_to_fix(dataset: str, position: int, suites):
    meta = suites[dataset].expectations[position].meta
    message = meta["message_vi"]
    assert VIETNAMESE_LETTERS.search(message), message
    assert "đề nghị" in message.lower(), "the message must tell the school how to fix it"
    # The only placeholder is {value}; braces are not str.format fields.
    assert set(re.findall(r"\{[^}]*\}", message)) <= {"{value}"}
    assert "{value}" in message or meta["rule"].endswith(".missing")


@pytest.mark.parametrize("dataset", DATASETS)
def test_suite_parameters_are_declared(dataset: str, suites):
    suite = suites[dataset]
    assert suite_parameter_names(suite) == EXPECTED_PARAMETERS[dataset]
    assert set(suite.meta["parameters"]) == EXPECTED_PARAMETERS[dataset]


@pytest.mark.parametrize("dataset", ["students", "teachers"])
@pytest.mark.parametrize(
    ("field", "start"), [("citizen_id", "Số định danh"), ("phone", "Số điện thoại")]
)
def test_leading_zero_message_tells_to_format_column_as_text(dataset, field, start, suites):
    (fixed,) = [
        e
        for e in suites[dataset].expectations
        if e.meta["rule"] == f"{dataset}.{field}.leading_zero_restored"
    ]
    assert fixed.meta["message_vi"].startswith(f"{start} bị mất số 0 ở đầu")
    assert "định dạng cột là Văn bản (Text)" in fixed.meta["message_vi"]
    assert fixed.meta["action"] == "fixed"


@pytest.mark.parametrize("dataset", DATASETS)
def test_suite_json_is_what_gx_serialises(dataset: str, gx_expectations_dir: Path, suites):
    """The file round-trips through GX 1.x's own serialisation (no hand-made dialect)."""
    declared = json.loads((gx_expectations_dir / f"{dataset}.json").read_text(encoding="utf-8"))
    dumped = suites[dataset].to_json_dict()
    for expectation in dumped["expectations"]:
        expectation.pop("id", None)
    assert dumped["expectations"] == declared["expectations"]


def _write_suite(directory: Path, dataset: str, expectations: list[dict]) -> None:
    suite = {"name": dataset, "expectations": expectations, "meta": {}}
    (directory / f"{dataset}.json").write_text(json.dumps(suite), encoding="utf-8")


GOOD_META = {
    "rule": "registry.x",
    "dimension": "complete",
    "severity": "error",
    "action": "flagged",
    "column": "raw_school_name",
    "message_vi": "Thiếu tên trường. Đề nghị ghi tên trường.",
}


@pytest.mark.parametrize(
    ("expectations", "error"),
    [
        (
            [
                {
                    "type": "expect_column_values_to_not_be_null",
                    "kwargs": {"column": "a"},
                    "meta": {k: v for k, v in GOOD_META.items() if k != "dimension"},
                }
            ],
            "meta lacks",
        ),
        (
            [
                {
                    "type": "expect_column_values_to_not_be_null",
                    "kwargs": {"column": "a"},
                    "meta": {**GOOD_META, "dimension": "accurate"},
                }
            ],
            "meta.dimension",
        ),
        (
            [
                {
                    "type": "expect_column_values_to_not_be_null",
                    "kwargs": {"column": "a"},
                    "meta": GOOD_META,
                },
                {
                    "type": "expect_column_values_to_be_null",
                    "kwargs": {"column": "a"},
                    "meta": GOOD_META,
                },
            ],
            "duplicate rule id",
        ),
        (
            # GX 1.x silently drops an expectation it cannot build (it only logs).
            [
                {
                    "type": "expect_column_values_to_be_wonderful",
                    "kwargs": {"column": "a"},
                    "meta": GOOD_META,
                }
            ],
            "GX accepted 0 of 1",
        ),
    ],
)
def test_broken_suite_is_refused(tmp_path: Path, expectations: list[dict], error: str):
    _write_suite(tmp_path, "registry", expectations)
    with pytest.raises(SuiteError, match=error):
        load_suite("registry", tmp_path)


def test_unknown_dataset_and_missing_file(tmp_path: Path):
    with pytest.raises(ValueError, match="unknown dataset"):
        load_suite("parents", tmp_path)
    with pytest.raises(SuiteError, match="cannot read suite"):
        load_suite("students", tmp_path)
