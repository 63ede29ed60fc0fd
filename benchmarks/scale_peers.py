"""The peers `bench_scale.py` compares us with: what a team would write without this project.

- `openpyxl_read`: `pandas.read_excel(engine="openpyxl")` of every sheet of every .xlsx file,
  no header handling at all.
- `our_ingest`: our ingest stage on exactly those files, cold (empty parse cache).
- `splink_default_dedupe`: splink 5 as its getting-started example sets it up (name, date of
  birth and exact-match comparisons; u by random sampling, m by EM; predict; cluster at
  0.95) on the normalized students. Its example blocks on the surname alone, which for
  Vietnamese (Nguyễn is a third of the province) makes billions of pairs; blocking here is on
  given name + birth date and on family + given name + school, so it finishes on one machine
  (with the example's own blocks it passed 18 GiB of memory and 25 minutes on the province).
"""

import logging
import shutil
from pathlib import Path

import pandas as pd

from edu_pipeline.ingest.collect import ingest_files
from edu_pipeline.ingest.inventory import scan_raw_dir

EXAMPLE_COLUMNS = ["row_id", "full_name", "family_name", "given_name", "birth_date", "gender",
                   "school_code"]  # fmt: skip


def openpyxl_read(files: list[Path]) -> int:
    """Rows read by pandas' openpyxl engine (a file it cannot read is skipped)."""
    rows = 0
    for path in files:
        try:
            sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        except Exception:  # the peer only reads; broken files are skipped, not timed apart
            continue
        rows += sum(len(sheet) for sheet in sheets.values())
    return rows


def our_ingest(raw: Path, files: list[Path], cache_dir: Path) -> int:
    """Our ingest of `files` only, from an empty cache."""
    shutil.rmtree(cache_dir, ignore_errors=True)
    wanted = {f.relative_to(raw).as_posix() for f in files}
    inventory = scan_raw_dir(raw)
    inventory = inventory[inventory["source_file"].isin(wanted)].reset_index(drop=True)
    result = ingest_files(raw, inventory, cache_dir, workers=2)
    return sum(len(frame) for frame in result.datasets.values())


def splink_default_dedupe(students_parquet: Path) -> int:
    """Clusters found by splink's starter setup on the normalized students."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)  # its progress lines, not ours
    rows = pd.read_parquet(students_parquet, columns=EXAMPLE_COLUMNS).rename(
        columns={"row_id": "unique_id"}
    )
    rows["birth_date"] = rows["birth_date"].astype("string")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.JaroAtThresholds("family_name"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ExactMatch("gender"),
            cl.ExactMatch("school_code").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "birth_date"),
            block_on("family_name", "given_name", "school_code"),
        ],
    )
    linker = Linker(DuckDBAPI().register(rows), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("full_name", "birth_date")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    # The example trains on the date of birth alone and on the name; at 735,000 pupils born
    # over 13 years the first is ~60 million pairs (it passed 18 GiB here), so both training
    # passes use the prediction rules' blocks.
    for rule in (block_on("given_name", "birth_date"),
                 block_on("family_name", "given_name", "school_code")):  # fmt: skip
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pairs = linker.inference.predict(threshold_match_weight=-5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, 0.95)
    return len(clusters.as_pandas_dataframe())
