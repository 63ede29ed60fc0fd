"""The per-school partitions the Dagster UI shows: one per school code of the registry.

Dynamic, because schools open, merge and close: `dim_school` adds the codes of each run's
registry, so the list follows the registry without a code change.
"""

import dagster as dg

school_partitions = dg.DynamicPartitionsDefinition(name="school")
