"""GX runs quietly: no progress bars or warnings on the terminal, analytics off."""

from __future__ import annotations

import os

from edu_pipeline.quality.gx_quiet import ephemeral_context
from edu_pipeline.quality.gx_runner import validate_frame


def test_validation_writes_nothing_to_the_terminal(
    capfd, gx_frame, gx_parameters, gx_expectations_dir
):
    df = gx_frame("teachers", 30)
    df.loc[df["row_id"] == 1004, "email_problem"] = "invalid"
    df = df.drop(columns=["phone_fixed"])  # an erroring check must be quiet too
    capfd.readouterr()
    outcome = validate_frame(df, "teachers", gx_parameters, gx_expectations_dir)
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    assert len(outcome.findings) == 1 and outcome.checks_raised


def test_context_is_ephemeral_without_analytics_or_progress_bars():
    context = ephemeral_context()
    assert type(context).__name__ == "EphemeralDataContext"
    assert context.variables.analytics_enabled is False
    assert context.progress_bars["globally"] is False
    assert context.progress_bars["metric_calculations"] is False
    assert os.environ["GX_ANALYTICS_ENABLED"] == "False"
