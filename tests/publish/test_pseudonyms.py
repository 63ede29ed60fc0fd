"""Pseudonyms computed in DuckDB are exactly HMAC-SHA256 (Python's `hmac`), first 16 digits."""

import hashlib
import hmac

import duckdb
import pytest

from edu_pipeline.publish.roles import pseudonym_sql

TEXTS = ["HS0001", "GVa3f09c1d2e4b5a6c", "Nguyễn Thị Ánh", "", "x" * 500, "'; DROP TABLE t; --"]


@pytest.mark.parametrize(
    "secret", [b"k", b"s" * 64, b"long secret " * 20, "khóa bí mật".encode()],
    ids=["short", "one-block", "longer-than-a-block", "utf-8"],
)  # fmt: skip
def test_same_as_python_hmac(secret: bytes):
    rows = duckdb.execute(
        f"SELECT k, {pseudonym_sql('k', secret)} FROM unnest(?) t(k)", [TEXTS]
    ).fetchall()
    expected = {t: hmac.new(secret, t.encode(), hashlib.sha256).hexdigest()[:16] for t in TEXTS}
    assert dict(rows) == expected


def test_nulls_stay_null_and_numbers_are_hashed_as_text():
    rows = duckdb.execute(
        f"SELECT {pseudonym_sql('k', b'k')} FROM (VALUES (NULL), (42)) t(k)"
    ).fetchall()
    assert rows == [(None,), (hmac.new(b"k", b"42", hashlib.sha256).hexdigest()[:16],)]
