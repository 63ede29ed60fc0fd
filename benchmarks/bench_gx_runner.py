"""Time ``validate_frame`` on a synthetic students frame (default 700,000 rows, ~2% failing).

Run: ``.venv/bin/python benchmarks/bench_gx_runner.py [--rows N] [--failing 0.02] [--repeat 2]``

The frame has the normalize stage's columns; about ``--failing`` of the rows carry one defect,
spread over a dozen rules (missing name, unknown gender, citizen-id problems, school code not
in the registry, age outside school age, …). Prints the time of each run, the split between
GX and building findings (from the runner's log line), and the findings per rule.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from edu_pipeline.quality.gx_parameters import default_parameters  # noqa: E402
from edu_pipeline.quality.gx_runner import validate_frame  # noqa: E402

AS_OF = dt.date(2026, 3, 20)
SCHOOLS = [f"4{n:07d}" for n in range(1, 1201)]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Niê",
    "Êban",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Minh",
    "Ngọc",
    "Thanh",
    "Quốc",
    "Gia",
    "Bảo",
    "Thu",
    "Đức",
    "Hoài",
    "Khánh",
    "Kim",
    "Mỹ",
    "Như",
    "Phương",
    "Quang",
    "Thái",
    "Trúc",
    "Tuấn",
    "Xuân",
]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Hà",
    "Hen",
    "Bhin",
    "Khoa",
    "Lan",
    "Mai",
    "Nam",
    "Oanh",
    "Phúc",
    "Quân",
    "Sơn",
    "Thảo",
    "Uyên",
    "Vy",
    "Xuân",
    "Yến",
]

# (column, value) defects; each failing row gets exactly one.
DEFECTS: list[tuple[str, object]] = [
    ("full_name", None),
    ("name_problem", "has_digits"),
    ("name_problem", "single_word"),
    ("birth_date_problem", "unparseable"),
    ("gender_problem", "unknown"),
    ("ethnicity_problem", "unknown"),
    ("status", "Chuyển đi"),
    ("citizen_id_problem", "unknown_province"),
    ("citizen_id_fixed", "leading_zero_restored"),
    ("moet_id_problem", "bad_length"),
    ("phone_problem", "invalid"),
    ("phone_fixed", "old_prefix_converted"),
    ("school_code", "49999999"),
    ("birth_date", pd.Timestamp("1961-05-04")),
]


def synthetic_students(rows: int, failing: float, seed: int = 7) -> pd.DataFrame:
    """A clean normalized students frame, then ``failing`` of its rows get one defect each."""
    rng = np.random.default_rng(seed)
    idx = np.arange(rows)
    birth = pd.Timestamp("2008-09-01") + pd.to_timedelta(rng.integers(0, 15 * 365, rows), "D")
    school = np.asarray(SCHOOLS, dtype=object)[rng.integers(0, len(SCHOOLS), rows)]
    # IDs whose sex/century digit and year digits agree with the row (all born after 2000)
    sex_digit = (2 + idx % 2).astype(str)
    year_digits = np.char.zfill((birth.year % 100).to_numpy().astype(str), 2)
    serial = np.char.zfill((idx % 10**6).astype(str), 6)
    citizen = np.char.add(np.char.add(np.char.add("066", sex_digit), year_digits), serial)
    phone = np.char.add("09", np.char.zfill((idx % 10**8).astype(str), 8))
    gender = np.where(idx % 2 == 0, "Nam", "Nữ")
    family = np.asarray(FAMILY, dtype=object)[rng.integers(0, len(FAMILY), rows)]
    middle = np.asarray(MIDDLE, dtype=object)[rng.integers(0, len(MIDDLE), rows)]
    given = np.asarray(GIVEN, dtype=object)[rng.integers(0, len(GIVEN), rows)]
    middle2 = np.asarray(MIDDLE, dtype=object)[rng.integers(0, len(MIDDLE), rows)]
    middle = middle + " " + middle2  # ~58,000 distinct full names
    full = family + " " + middle + " " + given
    none = pd.Series([None] * rows, dtype="str")
    df = pd.DataFrame(
        {
            "row_id": idx.astype("int64") + 1,
            "source_file": "T/ds.xlsx",
            "sheet": "6A",
            "source_row": (idx % 40 + 6).astype("int64"),
            "report_date": pd.Timestamp(AS_OF),
            "school_code": pd.Series(school, dtype="str"),
            "moet_id": pd.Series(np.char.zfill(idx.astype(str), 10), dtype="str"),
            "full_name": pd.Series(full, dtype="str"),
            "family_name": pd.Series(family, dtype="str"),
            "middle_name": pd.Series(middle, dtype="str"),
            "given_name": pd.Series(given, dtype="str"),
            "birth_date": birth,
            "gender": pd.Series(gender, dtype="str"),
            "ethnicity": "Kinh",
            "citizen_id": pd.Series(citizen, dtype="str"),
            "grade": pd.array((idx % 12) + 1, dtype="Int64"),
            "class_name": "6A",
            "phone": pd.Series(phone, dtype="str"),
            "digital_record_signed": idx % 3 == 0,
            "status": "Đang học",
            "grade_age_gap": pd.array(np.zeros(rows, dtype="int64"), dtype="Int64"),
        }
    )
    for field in ("full_name", "gender", "ethnicity", "citizen_id", "moet_id", "phone", "status"):
        df[f"raw_{field}"] = df[field]
    df["raw_birth_date"] = df["birth_date"].dt.strftime("%d/%m/%Y")
    df["raw_school_code"] = df["school_code"]
    df["raw_grade"] = df["grade"].astype("str")
    df["raw_class_name"] = df["class_name"]
    for problem in (
        "name_problem",
        "birth_date_problem",
        "gender_problem",
        "ethnicity_problem",
        "citizen_id_problem",
        "citizen_id_fixed",
        "moet_id_problem",
        "phone_problem",
        "phone_fixed",
    ):
        df[problem] = none.copy()

    bad = rng.choice(rows, size=int(rows * failing), replace=False)
    kinds = rng.integers(0, len(DEFECTS), len(bad))
    for k, (column, value) in enumerate(DEFECTS):
        at = bad[kinds == k]
        if column == "birth_date_problem":
            df.loc[at, "birth_date"] = pd.NaT
        if column == "gender_problem":
            df.loc[at, "gender"] = None
        df.loc[at, column] = value
    return df


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=700_000)
    parser.add_argument("--failing", type=float, default=0.02)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)

    t0 = time.perf_counter()
    df = synthetic_students(args.rows, args.failing)
    print(
        f"frame: {len(df):,} rows x {df.shape[1]} columns built in {time.perf_counter() - t0:.1f}s"
    )
    params = default_parameters(AS_OF, set(df["school_code"].dropna()) - {"49999999"})
    expectations_dir = ROOT / "expectations"

    t0 = time.perf_counter()
    validate_frame(df.head(1000), "students", params, expectations_dir)  # import GX, warm up
    print(f"warm-up (GX import + 1,000 rows): {time.perf_counter() - t0:.1f}s")

    timings, cpu = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        outcome = validate_frame(df, "students", params, expectations_dir)
        timings.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    failing_rows = outcome.findings["row_id"].nunique()
    print(
        f"validate_frame: {len(df):,} rows, {failing_rows:,} failing rows, "
        f"{len(outcome.findings):,} findings; runs "
        + ", ".join(f"{t:.2f}s" for t in timings)
        + f" (median {statistics.median(timings):.2f}s wall, "
        f"{statistics.median(cpu):.2f}s CPU; wall > CPU means a busy machine)"
    )
    print(outcome.findings.groupby("rule").size().to_string())


if __name__ == "__main__":
    main()
