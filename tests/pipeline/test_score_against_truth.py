"""Scored against the generator's ground truth: rows, people and injected defects."""

from edu_pipeline.demo.score import score_warehouse


def test_pipeline_scores_against_ground_truth(cli_run):
    assert cli_run.returncode == 0, cli_run.stdout + cli_run.stderr
    report = score_warehouse(cli_run.raw, cli_run.warehouse)
    assert (report.rows_found, report.rows_extra) == (report.rows_written, 0)
    for dataset, linkage in report.linkage.items():
        assert linkage.precision >= 0.99, (dataset, linkage)  # twins and namesakes stay apart
        # Deterministic links miss typos in rows without an ID; probabilistic linkage will not.
        assert linkage.recall >= 0.9, (dataset, linkage)
    assert report.defect_recall >= 0.95, report.as_markdown()
    true, found, correct = report.resubmissions
    assert correct == true == found
