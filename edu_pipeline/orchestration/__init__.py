"""When the pipeline runs: jobs, the nightly schedule and the sensors (raw folder, per school)."""
