"""Runs Dagster launches (schedule, sensor, "Materialize") queue one writer at a time."""

import dagster as dg
import pytest

from edu_pipeline.definitions import defs
from edu_pipeline.orchestration.jobs import WRITER_TAGS
from edu_pipeline.server.install import render


@pytest.mark.parametrize("job", ["province_job", "school_job", "school_status_job"])
def test_every_job_carries_the_writer_tag(job):
    assert defs.resolve_job_def(job).tags.items() >= WRITER_TAGS.items()


def test_the_instance_queues_runs_with_the_writer_tag_one_at_a_time(tmp_path):
    (tmp_path / "dagster.yaml").write_text(render("dagster.yaml", {"DAGSTER_HOME": str(tmp_path)}))
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        queue = instance.get_concurrency_config().run_queue_config
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
    (key,) = WRITER_TAGS
    limits = [limit for limit in queue.tag_concurrency_limits if limit["key"] == key]
    assert limits == [{"key": key, "limit": 1}]  # any value of the tag: one run in all
