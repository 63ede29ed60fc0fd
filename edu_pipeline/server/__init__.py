"""Running on the Sở's server: install and upgrade, the run history's upkeep, waiting for quiet.

No pipeline logic lives here; these are the operator's commands around the Dagster services
(`docs/operations.md`).
"""
