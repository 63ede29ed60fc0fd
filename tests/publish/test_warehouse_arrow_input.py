"""Marts handed over as Arrow tables publish the same warehouse as DataFrames."""

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from edu_pipeline.publish.warehouse import contract, publish_marts
from tests.publish.marts import marts_with


def _published(marts: dict, folder) -> dict[str, pd.DataFrame]:
    published = publish_marts(marts, folder, as_of="2026-03-20")
    with duckdb.connect(str(published.database), read_only=True) as connection:
        return {
            table: connection.execute(f"SELECT * FROM marts.{table}").df()
            for table in contract()
        }


@pytest.mark.parametrize("dropped", [None, "commune"])
def test_arrow_marts_publish_what_dataframes_publish(tmp_path, dropped):
    frames = marts_with(5)
    frames["dim_school"]["pupils_note"] = "extra column kept after the contract's"
    if dropped:  # a contract column the mart lacks is published empty, in its place
        frames["dim_school"] = frames["dim_school"].drop(columns=dropped)
    tables = {name: pa.Table.from_pandas(frame, preserve_index=False)
              for name, frame in frames.items()}  # fmt: skip
    from_frames = _published(frames, tmp_path / "frames")
    from_arrow = _published(tables, tmp_path / "arrow")
    for table in contract():
        pd.testing.assert_frame_equal(from_arrow[table], from_frames[table], obj=table)
    schools = from_arrow["dim_school"]
    assert list(schools.columns)[-1] == "pupils_note"
    if dropped:
        assert schools[dropped].isna().all()
