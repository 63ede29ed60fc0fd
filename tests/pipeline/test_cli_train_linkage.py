"""`edu-pipeline train-linkage` re-estimates both models from the rows a run left behind."""

import json

import pandas as pd

from edu_pipeline.cli import main
from edu_pipeline.dedupe.linkage import decide_pairs, predict_pairs


def test_retrained_models_are_written_and_predict(cli_run, tmp_path, capsys):
    code = main(["train-linkage", "--warehouse-dir", str(cli_run.warehouse),
                 "--out-dir", str(tmp_path)])  # fmt: skip
    out, err = capsys.readouterr()
    assert "students model" in out
    model = json.loads((tmp_path / "students.json").read_text(encoding="utf-8"))
    exact_given = model["comparisons"][0]["comparison_levels"][1]  # after the null level
    assert {"m_probability", "u_probability"} <= set(exact_given)
    # 8 small schools' staff may share no school and birth date: that model is kept, said so.
    if not (tmp_path / "teachers.json").exists():
        assert code == 1 and "the current model is kept" in err and "Traceback" not in err
    rows = pd.read_parquet(cli_run.warehouse / "_stage" / "students.parquet")
    decided = decide_pairs(predict_pairs(rows, tmp_path / "students.json"), rows)
    assert set(decided["decision"]) <= {"link", "review", "apart"}


def test_training_without_a_run_is_a_usage_error(tmp_path, capsys):
    assert main(["train-linkage", "--warehouse-dir", str(tmp_path)]) == 2
    assert "run the pipeline first" in capsys.readouterr().err
