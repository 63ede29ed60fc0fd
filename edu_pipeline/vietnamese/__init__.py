"""Pure Vietnamese data rules (no Dagster): text and tone style, legacy fonts, names, IDs,
dates, gender, ethnicity, phones. Facts live in ``edu_pipeline/reference``; see
``docs/architecture.md``. Import the modules directly, e.g.
``from edu_pipeline.vietnamese.names import normalize_name``.
"""
