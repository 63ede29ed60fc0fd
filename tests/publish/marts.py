"""Small contract-shaped marts for the publish tests (written by code)."""

import duckdb
import pandas as pd

from edu_pipeline.publish.warehouse import contract


def marts_with(schools: int) -> dict[str, pd.DataFrame]:
    """Every contract table empty, except `dim_school` with ``schools`` rows."""
    marts = {t: pd.DataFrame(columns=[c for c, _ in cols]) for t, cols in contract().items()}
    marts["dim_school"] = pd.DataFrame({
        "school_code": [f"6600{i:04d}" for i in range(schools)],
        "school_name": [f"Trường số {i}" for i in range(schools)], "level": "THCS",
        "commune": "Tuy Hòa", "cashless_fees": True,
    })  # fmt: skip
    return marts


def schools_in(database) -> int:
    """Rows of `marts.dim_school` in ``database``, opened read-only as an analyst would."""
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute("SELECT count(*) FROM marts.dim_school").fetchone()[0]
