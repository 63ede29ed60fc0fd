"""A run allocates Arrow memory with the allocator its settings name, and so do the reading
processes it starts; Arrow's default (mimalloc) is slower on the benchmark machine."""

import multiprocessing

import dagster as dg
import pyarrow as pa
import pytest
from pydantic import ValidationError

from edu_pipeline import resources
from edu_pipeline.resources import PipelineSettings, use_arrow_allocator


@pytest.fixture(autouse=True)
def restore_the_run_default(monkeypatch):
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    yield
    use_arrow_allocator(PipelineSettings().arrow_allocator)


@dg.asset
def pool_in_use(context: dg.AssetExecutionContext, settings: PipelineSettings) -> None:
    context.add_output_metadata({"pool": pa.default_memory_pool().backend_name})


def _pool_of_a_run(settings: PipelineSettings) -> str:
    result = dg.materialize([pool_in_use], resources={"settings": settings})
    (materialization,) = result.asset_materializations_for_node("pool_in_use")
    return materialization.metadata["pool"].value


def test_a_run_uses_jemalloc_by_default():
    pa.set_memory_pool(pa.mimalloc_memory_pool())
    assert _pool_of_a_run(PipelineSettings()) == "jemalloc"


@pytest.mark.parametrize("allocator", ["system", "mimalloc", "jemalloc"])
def test_the_setting_chooses_the_allocator(allocator):
    assert _pool_of_a_run(PipelineSettings(arrow_allocator=allocator)) == allocator


@pytest.mark.parametrize("allocator", ["system", "jemalloc"])
def test_a_process_started_by_the_run_allocates_the_same_way(allocator):
    use_arrow_allocator(allocator)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.apply(_backend_name) == allocator


def _backend_name() -> str:
    return pa.default_memory_pool().backend_name


def test_the_environment_sets_it_and_a_wrong_name_is_refused(monkeypatch):
    monkeypatch.setenv("EDU_ARROW_ALLOCATOR", "system")
    assert PipelineSettings.from_env().arrow_allocator == "system"
    monkeypatch.setenv("EDU_ARROW_ALLOCATOR", "tcmalloc")
    with pytest.raises(ValidationError, match="arrow_allocator"):
        PipelineSettings.from_env()


def test_without_jemalloc_it_falls_back_to_the_c_library(monkeypatch):
    def not_built() -> pa.MemoryPool:
        raise NotImplementedError("jemalloc support is not built")

    monkeypatch.setitem(resources._ARROW_POOLS, "jemalloc", not_built)
    use_arrow_allocator("jemalloc")
    assert pa.default_memory_pool().backend_name == "system"
