"""Linkage quality and speed against the generator's truth: pairwise precision, recall, F1.

For each sample (a folder written by `edu-pipeline demo-data`, with `_truth/`), the whole
pipeline runs once (`edu-pipeline run`) and the published warehouse is scored: are the rows
of one person under one key, and the rows of two people (twins, namesakes, transfers) under
two? The same normalised rows are then linked again here, deterministic rules alone and
deterministic + splink, to show what the model adds, and the dedupe steps (splink predict,
guards, clustering and keys) are timed: median of `--repeat` runs, each in a fresh process
so that peak RSS is that run's.

Run: `.venv/bin/python benchmarks/bench_linkage.py --sample 50k=/tmp/s50k/raw
--sample province=/tmp/prov/raw [--repeat 3] [--write]` (samples: `edu-pipeline demo-data
--schools 100 --students-per-school 528 --out /tmp/s50k/raw`, and `--schools 1379` for the
province).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
from markdown_report import write_section

from edu_pipeline.dedupe.assets import STUDENT_FIELDS, TEACHER_FIELDS
from edu_pipeline.dedupe.golden import golden_records
from edu_pipeline.dedupe.identity import identify
from edu_pipeline.dedupe.lineage import source_rows
from edu_pipeline.dedupe.linkage import decide_pairs, model_path, predict_pairs
from edu_pipeline.dedupe.review import review_queue
from edu_pipeline.demo.score import ROW_KEYS, score_warehouse

SECTION = "## Record linkage: precision, recall and dedupe time"
DATASETS = {"students": "HS", "teachers": "GV"}
DEDUPE = {"students": ("student", STUDENT_FIELDS), "teachers": ("teacher", TEACHER_FIELDS)}
ACROSS_SCHOOLS = {"students": False, "teachers": True}  # as the dedupe assets call identify


def run_pipeline(raw: Path, warehouse: Path) -> None:
    command = [Path(sys.executable).with_name("edu-pipeline"), "run", "--raw-dir", str(raw),
               "--warehouse-dir", str(warehouse), "--as-of", "2026-03-31"]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDU_")}
    subprocess.run(command, check=True, capture_output=True, env=env)


def time_dedupe(warehouse: Path, dataset: str) -> dict:
    """Seconds of the dedupe stage on the run's normalised rows (as its assets run it: splink
    predict, guards, clusters and keys, review queue, golden records, row lineage), and this
    process's peak RSS."""
    rows = pd.read_parquet(warehouse / "_stage" / f"{dataset}.parquet")
    singular, fields = DEDUPE[dataset]
    started = time.perf_counter()
    pairs = predict_pairs(rows, model_path(dataset))
    predicted = time.perf_counter() - started
    decided = decide_pairs(pairs, rows)
    links = decided[decided["decision"] == "link"]
    identities = identify(rows, DATASETS[dataset], links, ACROSS_SCHOOLS[dataset])
    review_queue(decided, rows, identities, dataset)
    golden_records(rows, identities, f"{singular}_key", fields)
    source_rows(rows, identities, f"{singular}_key")
    return {
        "predict": predicted,
        "total": time.perf_counter() - started,
        "peak_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
    }


def measure(warehouse: Path, dataset: str) -> dict:
    code = (
        f"import sys, json; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
        "import bench_linkage as b; from pathlib import Path; "
        f"print(json.dumps(b.time_dedupe(Path({str(warehouse)!r}), {dataset!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def offline_scores(raw: Path, warehouse: Path, dataset: str) -> dict[str, tuple[float, float]]:
    """(precision, recall) of the deterministic rules alone and with splink, same rows."""
    rows = pd.read_parquet(warehouse / "_stage" / f"{dataset}.parquet")
    truth = pd.read_csv(raw / "_truth" / "people.csv", dtype=str, keep_default_na=False)
    truth = truth[truth["dataset"] == dataset]
    truth["source_row"] = pd.to_numeric(truth["source_row"], errors="coerce")
    rows = rows.assign(sheet=rows["sheet"].fillna(""))
    keyed = rows.merge(truth[[*ROW_KEYS, "person_id"]], on=ROW_KEYS).reset_index(drop=True)
    decided = decide_pairs(predict_pairs(keyed, model_path(dataset)), keyed)
    links = decided[decided["decision"] == "link"]
    prefix = DATASETS[dataset]
    return {
        "deterministic": _precision_recall(
            keyed["person_id"], identify(keyed, prefix, None, ACROSS_SCHOOLS[dataset])
        ),
        "splink": _precision_recall(
            keyed["person_id"], identify(keyed, prefix, links, ACROSS_SCHOOLS[dataset])
        ),
    }


def _precision_recall(truth: pd.Series, identities: pd.DataFrame) -> tuple[float, float]:
    keys = identities["person_key"]

    def pairs(groups: pd.Series) -> int:
        sizes = groups.value_counts()
        return int((sizes * (sizes - 1) // 2).sum())

    both = pairs(truth.astype(str).reset_index(drop=True) + "|" + keys.astype(str))
    return both / max(pairs(keys), 1), both / max(pairs(truth), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", action="append", required=True, help="name=raw_dir")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update docs/BENCHMARKS.md")
    args = parser.parse_args()
    lines = []
    for sample in args.sample:
        name, raw = sample.split("=", 1)
        raw = Path(raw)
        warehouse = raw.parent / f"warehouse-{name}"
        run_pipeline(raw, warehouse)
        report = score_warehouse(raw, warehouse)
        for dataset in DATASETS:
            score = report.linkage[dataset]
            offline = offline_scores(raw, warehouse, dataset)
            runs = [measure(warehouse, dataset) for _ in range(args.repeat)]
            rows = len(pd.read_parquet(warehouse / "_stage" / f"{dataset}.parquet"))
            lines.append(_row(name, dataset, rows, score, offline, runs))
            print(lines[-1], flush=True)
    section = _section(lines, args.repeat)
    print(section)
    if args.write:
        write_section(SECTION, section)


def _row(name, dataset, rows, score, offline, runs) -> str:
    p, r = score.precision, score.recall
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    median = {k: statistics.median(run[k] for run in runs) for k in runs[0]}
    return (
        f"| {name} | {dataset} | {rows:,} | {score.true_pairs:,} | {p:.4f} | {r:.4f} | {f1:.4f} "
        f"| {_pr(offline['deterministic'])} | {_pr(offline['splink'])} "
        f"| {median['predict']:.1f} | {median['total']:.1f} "
        f"| {median['peak_gib']:.2f} |"
    )


def _pr(precision_recall: tuple[float, float]) -> str:
    return "{:.4f} / {:.4f}".format(*precision_recall)


def _section(lines: list[str], repeat: int) -> str:
    return "\n".join([
        SECTION, "",
        f"Machine: {os.cpu_count()} cores. Quality is end to end: the published warehouse "
        "(`marts.*_source_rows`) scored against the generator's truth, pairwise over the rows "
        "that got a key; then, on all normalised rows (quarantined ones too), the rules alone "
        "against the rules with the splink model, to show what the model adds. Timings: the "
        "dedupe stage on the run's normalised rows (splink predict with the committed model; "
        "then guards, clusters and keys, review queue, golden records, row lineage), median of "
        f"{repeat} runs, each in a fresh process.", "",
        "| sample | dataset | rows | true pairs | precision | recall | F1 | rules alone (P / R) "
        "| rules + splink (P / R) | predict (s) | dedupe (s) | peak RSS (GiB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        *lines, "",
        "Targets (issue 5): precision ≥ 0.995 and recall ≥ 0.98; dedupe under 90 s and 6 GiB "
        "at province scale. Reproduce: the command in `benchmarks/bench_linkage.py`.", "",
    ])  # fmt: skip


if __name__ == "__main__":
    main()
