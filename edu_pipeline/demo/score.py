"""Score a published warehouse against the generator's ground truth (`_truth/`).

Three questions, each a number a test or a benchmark can hold the pipeline to:
- rows: was every data row the generator wrote read, at the row number the school sees?
- people: are the rows of one person under one key, and the rows of two people (twins,
  namesakes) under two? (pairwise precision and recall over the rows that got a key)
- defects: was every injected defect that must be reported found, at its row, file or school?

Example::

    report = score_warehouse(Path("data/raw/demo"), Path("data/warehouse"))
    print(report.as_markdown())
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

ROW_KEYS = ["source_file", "sheet", "source_row"]


@dataclass
class LinkageScore:
    true_pairs: int
    found_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


@dataclass
class ScoreReport:
    rows_written: int
    rows_found: int
    rows_extra: int
    linkage: dict[str, LinkageScore] = field(default_factory=dict)
    defects: pd.DataFrame = field(default_factory=pd.DataFrame)  # kind, expected, found
    unexpected: pd.DataFrame = field(default_factory=pd.DataFrame)  # rule, findings
    resubmissions: tuple[int, int, int] = (0, 0, 0)  # (true, found, correct) replaced files

    @property
    def defect_recall(self) -> float:
        expected = int(self.defects["expected"].sum())
        return int(self.defects["found"].sum()) / expected if expected else 1.0

    def as_markdown(self) -> str:
        lines = [
            f"- rows: {self.rows_found:,} of {self.rows_written:,} found at their row "
            f"({self.rows_extra:,} extra)",
            *(f"- {name} linkage: precision {s.precision:.4f}, recall {s.recall:.4f} "
              f"({s.correct_pairs:,} of {s.true_pairs:,} true pairs; {s.found_pairs:,} found)"
              for name, s in self.linkage.items()),
            f"- replaced files (resubmissions): {self.resubmissions[2]} of "
            f"{self.resubmissions[0]} found, {self.resubmissions[1]} reported",
            f"- defects found: {self.defect_recall:.1%}", "",
            self.defects.to_markdown(index=False), "",
            "Row findings (other than `fixed`) at rows where no defect was injected:", "",
            self.unexpected.to_markdown(index=False) if len(self.unexpected) else "_none_",
        ]  # fmt: skip
        return "\n".join(lines)


def score_warehouse(raw_dir: Path, warehouse_dir: Path) -> ScoreReport:
    """Compare `warehouse_dir/edu.duckdb` with `raw_dir/_truth/` (rows: people and fee lines)."""
    truth = _read_truth(raw_dir / "_truth" / "people.csv")
    with duckdb.connect(str(warehouse_dir / "edu.duckdb"), read_only=True) as connection:
        rows = {
            dataset: connection.execute(
                f"SELECT source_file, coalesce(sheet, '') AS sheet, source_row, "
                f"{dataset[:-1]}_key AS person_key FROM marts.{dataset[:-1]}_source_rows"
            ).df()
            for dataset in ("students", "teachers")
        }
        rows["fees"] = connection.execute(
            "SELECT source_file, coalesce(sheet, '') AS sheet, source_row, NULL AS person_key "
            "FROM marts.fct_fee_collection"
        ).df()
        issues = connection.execute("SELECT * FROM marts.dq_issues").df()
        replaced = set(connection.execute(
            "SELECT DISTINCT source_file, superseded_by FROM marts.submissions "
            "WHERE superseded_by IS NOT NULL"
        ).fetchall())  # fmt: skip
    fee_lines = _read_truth(raw_dir / "_truth" / "fees.csv")[ROW_KEYS].assign(dataset="fees")
    truth = pd.concat([truth, fee_lines], ignore_index=True)
    ours = pd.concat([r.assign(dataset=d) for d, r in rows.items()], ignore_index=True)
    matched = truth.merge(ours, on=[*ROW_KEYS, "dataset"], how="outer", indicator=True)
    report = ScoreReport(
        rows_written=len(truth),
        rows_found=int((matched["_merge"] == "both").sum()),
        rows_extra=int((matched["_merge"] == "right_only").sum()),
    )
    both = matched[matched["_merge"] == "both"]
    for dataset in ("students", "teachers"):
        keyed = both[(both["dataset"] == dataset) & both["person_key"].notna()]
        report.linkage[dataset] = _pairwise(keyed["person_id"], keyed["person_key"])
    files = pd.read_csv(raw_dir / "_truth" / "files.csv", dtype=str, keep_default_na=False)
    truth_replaced = {(old, new) for new, old in zip(files["source_file"], files["supersedes"],
                                                     strict=True) if old}  # fmt: skip
    report.resubmissions = (len(truth_replaced), len(replaced), len(truth_replaced & replaced))
    defects = _read_truth(raw_dir / "_truth" / "defects.csv")
    report.defects = _defects_found(defects, issues)
    report.unexpected = _unexpected_findings(defects, issues)
    return report


def _read_truth(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["source_row"] = pd.to_numeric(frame["source_row"], errors="coerce").astype("Int64")
    return frame


def _pairwise(truth_ids: pd.Series, keys: pd.Series) -> LinkageScore:
    """Pairs of rows counted from cluster sizes: n·(n−1)/2 per group, no pair enumeration."""

    def pairs(groups: pd.Series) -> int:
        sizes = groups.value_counts()
        return int((sizes * (sizes - 1) // 2).sum())

    both = truth_ids.astype(str) + "|" + keys.astype(str)
    return LinkageScore(pairs(truth_ids), pairs(keys), pairs(both))


def _defects_found(defects: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    """Per defect kind: how many must be reported, and how many were.

    A defect at a row is found by a finding at that row; a file-level defect by a finding
    about that file; a school-level one (nothing submitted) by a school-level finding for
    that school.
    """
    expected = defects[defects["finding"] == "yes"]
    issues = issues.assign(sheet=issues["sheet"].fillna(""))
    rows = set(issues.dropna(subset=["source_row"])[ROW_KEYS].astype(str).itertuples(index=False))
    files = set(issues["source_file"].dropna())
    schools = set(issues.loc[issues["rule"].str.startswith("school."), "school_code"].dropna())
    found = [
        tuple(map(str, (d.source_file, d.sheet, d.source_row))) in rows
        if pd.notna(d.source_row)
        else d.source_file in files
        if d.source_file
        else d.school_code in schools
        for d in expected.itertuples(index=False)
    ]
    summary = expected.assign(found=found).groupby("kind")
    return summary.agg(expected=("kind", "size"), found=("found", "sum")).reset_index()


def _unexpected_findings(defects: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    """Row findings that flag or quarantine a row the generator wrote without a defect."""
    flagged = issues[issues["source_row"].notna() & (issues["action"] != "fixed")]
    flagged = flagged.assign(sheet=flagged["sheet"].fillna(""),
                             source_row=flagged["source_row"].astype("Int64"))  # fmt: skip
    injected = defects.dropna(subset=["source_row"])[ROW_KEYS].drop_duplicates()
    merged = flagged.merge(injected.assign(_defect=True), on=ROW_KEYS, how="left")
    spurious = merged[merged["_defect"].isna()]
    return spurious.groupby("rule").size().rename("findings").reset_index()
