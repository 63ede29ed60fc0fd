"""Synthetic province generator with ground truth (``edu-pipeline demo-data``).

>>> from edu_pipeline.demo import generate_province  # doctest: +SKIP
>>> generate_province(Path("data/raw/demo"), schools=30)  # doctest: +SKIP
"""

from edu_pipeline.demo.province import DemoSummary, generate_province

__all__ = ["DemoSummary", "generate_province"]
