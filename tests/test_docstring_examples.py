"""The ``>>>`` examples in docstrings are executable documentation: every module's run."""

import doctest
import importlib
import pkgutil

import pytest

import edu_pipeline

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(edu_pipeline.__path__, "edu_pipeline.")
    if not info.name.endswith(("definitions", "cli"))  # importing them configures the run
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
