"""Fuzzing of what the pipeline reads from schools: file bytes, sheet grids, cell text.

`targets.py` holds the targets (bytes in; a broken invariant is an AssertionError, any other
exception a crash), `seeds.py` writes a starting corpus of real files by code, and
`run_atheris.py` drives the targets coverage-guided for a time budget. The hypothesis tests in
`tests/fuzzing/` drive the same targets on every test run.
"""
