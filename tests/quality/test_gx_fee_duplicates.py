"""One fee item written twice in one report is a "sạch" finding on both lines; the same item in
two reports (an older one and its replacement) is not."""

import pandas as pd

from edu_pipeline.quality.gx_runner import validate_frame


def test_item_twice_in_one_report(gx_frame, gx_inject, gx_parameters, gx_expectations_dir):
    fees = gx_frame("fees", 6)  # rows 1001..1006, files by school 1,2,3,1,2,3
    gx_inject(fees, 1004, {"fee_item": fees["fee_item"].iloc[0], "raw_fee_item": "Tiền ăn"})
    gx_inject(fees, 1005, {"fee_item": fees["fee_item"].iloc[0]})  # another file: not a duplicate
    findings = validate_frame(fees, "fees", gx_parameters, gx_expectations_dir).findings
    duplicates = findings[findings["rule"] == "fees.fee_item.duplicate"]
    assert sorted(duplicates["row_id"]) == [1001, 1004]
    assert set(duplicates["dimension"]) == {"clean"}
    assert pd.Series(duplicates["raw_value"]).notna().all()
