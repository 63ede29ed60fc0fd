"""Open-data CSVs: a cell a spreadsheet would run as a formula is written as text."""

import pandas as pd

from edu_pipeline.publish.roles import formula_safe


def test_open_data_cells_never_run_as_formulas():
    table = pd.DataFrame({"commune": ["=1+1", "+84", "-x", "@a", "\tb", "Ea Tu"], "n": range(6)})
    safe = formula_safe(table)
    assert safe["commune"].tolist() == ["'=1+1", "'+84", "'-x", "'@a", "'\tb", "Ea Tu"]
    assert safe["n"].tolist() == list(range(6))
