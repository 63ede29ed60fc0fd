"""What each kind of user may read, built into every release beside the restricted warehouse.

- `edu.duckdb` + `parquet/`: everything, for the Sở's data officers (restricted).
- `analytics/edu_analytics.duckdb` + `analytics/parquet/`: the same tables without names, ID
  numbers, phones, e-mails, typed values or messages; birth dates become birth years; person
  keys become keyed hashes (HMAC-SHA256 with a secret that never enters the repo). What
  happens to each column is the `analytics` field of `reference/warehouse_contract.csv`
  (keep | drop | year | pseudonym); a column not in the contract is never published here.
- `schools/<school_code>/<table>.parquet`: one extract per registry school holding only its
  rows and findings (for the school and its district officer).
- `open/*.csv`: aggregates only, by commune and school level, with every count of 1-4 people
  suppressed (and its complement, so a suppressed girls' count cannot be recomputed).

The secret is `EDU_PSEUDONYM_KEY`; without it a random one is made once in
`<warehouse>/.pseudonym_key` (owner-only), so pseudonyms stay stable from run to run.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from edu_pipeline.publish.feedback_cells import FORMULA_STARTS
from edu_pipeline.publish.releases import SCHEMA
from edu_pipeline.reference import read_reference_csv

ANALYTICS_DIR = "analytics"
ANALYTICS_DATABASE = "edu_analytics.duckdb"
OPEN_DIR = "open"
SECRET_ENV = "EDU_PSEUDONYM_KEY"
SECRET_FILE = ".pseudonym_key"
MIN_PEOPLE = 5
PEOPLE_COUNTS = ("students", "female", "male", "ethnic_minority")
SHA256_BLOCK = 64  # bytes
PEOPLE_KPIS = ("digital_record_share", "digital_skills_share")


@cache
def analytics_policy() -> dict[str, dict[str, str]]:
    """Table -> column -> keep | drop | year | pseudonym, in contract order."""
    policy: dict[str, dict[str, str]] = {}
    for row in read_reference_csv("warehouse_contract.csv"):
        policy.setdefault(row["table"], {})[row["column"]] = row["analytics"]
    return policy


def pseudonym_secret(warehouse_dir: Path) -> bytes:
    """The keyed-hash secret: `EDU_PSEUDONYM_KEY`, else one made once beside the releases."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV].encode("utf-8")
    path = warehouse_dir / SECRET_FILE
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def pseudonym_sql(column: str, secret: bytes) -> str:
    """DuckDB SQL for the HMAC-SHA256 (RFC 2104) of a column's text: its first 16 hex digits.

    Computed by DuckDB over whole columns: a release has about 1.5 million person and row
    keys, and one `hmac.new` call per key costs Python tens of seconds. The construction is
    the standard one (the key padded to the block, hashed first when longer); a test compares
    it with Python's `hmac` on every kind of text. Nulls stay null.

    >>> import duckdb
    >>> duckdb.sql(f"SELECT {pseudonym_sql('k', b'k')} FROM (VALUES ('HS0001')) t(k)").fetchall()
    [('699bdb78e38b5935',)]
    """
    key = (hashlib.sha256(secret).digest() if len(secret) > SHA256_BLOCK else secret).ljust(
        SHA256_BLOCK, b"\0"
    )
    inner = bytes(b ^ 0x36 for b in key).hex()
    outer = bytes(b ^ 0x5C for b in key).hex()
    text = f'encode(CAST("{column}" AS VARCHAR))'
    inner_hash = f"unhex(sha256(unhex('{inner}') || {text}))"
    return f"left(sha256(unhex('{outer}') || {inner_hash}), 16)"


def write_analytics(release: Path, secret: bytes) -> None:
    """`analytics/` of a release, from its restricted `edu.duckdb`, inside DuckDB."""
    out = release / ANALYTICS_DIR
    (out / "parquet").mkdir(parents=True)
    with duckdb.connect(str(out / ANALYTICS_DATABASE)) as target:
        target.execute(f"ATTACH '{release / 'edu.duckdb'}' AS restricted (READ_ONLY)")
        target.execute(f"CREATE SCHEMA {SCHEMA}")
        for table, columns in analytics_policy().items():
            select = ", ".join(
                _analytics_column(column, rule, secret)
                for column, rule in columns.items()
                if rule != "drop"
            )
            target.execute(f"CREATE TABLE {SCHEMA}.{table} AS "
                           f"SELECT {select} FROM restricted.{SCHEMA}.{table}")  # fmt: skip
            parquet = out / "parquet" / f"{table}.parquet"
            target.execute(f"COPY {SCHEMA}.{table} TO '{parquet}' (FORMAT parquet)")
        target.execute("DETACH restricted")
        target.execute("CHECKPOINT")


def _analytics_column(column: str, rule: str, secret: bytes) -> str:
    if rule == "year":
        return f'year(CAST("{column}" AS DATE)) AS "{column.removesuffix("_date")}_year"'
    if rule == "pseudonym":
        return f'{pseudonym_sql(column, secret)} AS "{column}"'
    return f'"{column}"'


def write_open_data(release: Path) -> None:
    """`open/*.csv`: aggregates by commune and school level, small counts suppressed."""
    out = release / OPEN_DIR
    out.mkdir()
    with duckdb.connect(str(release / "edu.duckdb"), read_only=True) as source:
        enrollment = source.execute(f"""
            SELECT s.commune, s.level, sum(e.students) AS students, sum(e.female) AS female,
                   sum(e.male) AS male, sum(e.ethnic_minority) AS ethnic_minority, e.period
            FROM {SCHEMA}.fct_enrollment e JOIN {SCHEMA}.dim_school s USING (school_code)
            GROUP BY ALL ORDER BY ALL""").df()  # fmt: skip
        kpis = source.execute(f"""
            SELECT s.commune, s.level, k.kpi, sum(k.numerator) AS numerator,
                   sum(k.denominator) AS denominator, k.period
            FROM {SCHEMA}.kpi_school k JOIN {SCHEMA}.dim_school s USING (school_code)
            GROUP BY ALL ORDER BY ALL""").df()  # fmt: skip
        province = source.execute(f"SELECT * FROM {SCHEMA}.kpi_province ORDER BY kpi").df()
    tables = {
        "enrollment_by_commune.csv": suppress_small_counts(enrollment),
        "kpi_by_commune.csv": suppress_small_kpis(kpis),
        "kpi_province.csv": province,
    }
    for name, table in tables.items():
        formula_safe(table).to_csv(out / name, index=False)


def formula_safe(table: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe.

    >>> formula_safe(pd.DataFrame({"commune": ["=HYPERLINK(1)", "Ea Tu"]}))["commune"].tolist()
    ["'=HYPERLINK(1)", 'Ea Tu']
    """
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            text = out[column].astype("string")
            risky = text.str.startswith(FORMULA_STARTS).fillna(False)
            out[column] = out[column].where(~risky, "'" + text)
    return out


def suppress_small_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Blank every people count of 1-4, and both of girls/boys when one of them is blank.

    >>> suppress_small_counts(pd.DataFrame({"students": [12], "female": [3], "male": [9],
    ...                                     "ethnic_minority": [0]})).iloc[0].tolist()
    [12, <NA>, <NA>, 0]
    """
    out = table.copy()
    small = {c: out[c].between(1, MIN_PEOPLE - 1) for c in PEOPLE_COUNTS if c in out}
    if "female" in small and "male" in small:
        either = small["female"] | small["male"]
        small["female"], small["male"] = either, either
    for column, mask in small.items():
        out[column] = out[column].astype("Int64").mask(mask)
    return out


def suppress_small_kpis(kpis: pd.DataFrame) -> pd.DataFrame:
    """KPIs counting people: numerator, denominator and value blank when either is 1-4."""
    out = kpis.assign(
        value=(kpis["numerator"] / kpis["denominator"].where(kpis["denominator"] > 0))
    )
    people = out["kpi"].isin(PEOPLE_KPIS)
    small = people & (out["numerator"].between(1, MIN_PEOPLE - 1)
                      | out["denominator"].between(1, MIN_PEOPLE - 1))  # fmt: skip
    for column in ("numerator", "denominator"):
        out[column] = out[column].astype("Int64").mask(small)
    out["value"] = out["value"].round(4).mask(small)
    return out
