# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make run    the whole pipeline on the bundled demo province
#   make test   lint + the test suite
# Both create .venv from requirements.lock (hash-checked) when it is missing or stale.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_AS_OF ?= 2026-03-26
DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: run test fuzz ui lock spark-demo clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required (set PYTHON=python3.11)" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# The demo is regenerated first: same bytes as committed (a test checks it), and the file
# modification times git does not keep (some files are dated only by them) are restored.
run: $(STAMP)
	$(BIN)/edu-pipeline demo-data --out data/raw/demo
	$(BIN)/edu-pipeline run --raw-dir data/raw/demo --warehouse-dir data/warehouse --as-of $(DEMO_AS_OF)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest -q

# Fuzzing of the readers, header detection and normalisers (fuzz/, docs/fuzzing.md): the
# hypothesis fuzz tests with a larger budget, then atheris for FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
FUZZ_EXAMPLES ?= 1000
fuzz: $(STAMP)
	EDU_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider tests/fuzzing
	$(BIN)/python fuzz/run_atheris.py --seconds $(FUZZ_SECONDS)

ui: $(STAMP)
	mkdir -p $(DAGSTER_HOME)
	test -f $(DAGSTER_HOME)/dagster.yaml || sed 's|@DAGSTER_HOME@|$(abspath $(DAGSTER_HOME))|' deploy/dagster.yaml > $(DAGSTER_HOME)/dagster.yaml
	EDU_RAW_DIR=data/raw/demo EDU_AS_OF=$(DEMO_AS_OF) DAGSTER_HOME=$(DAGSTER_HOME) DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS=true $(BIN)/dagster dev -w workspace.yaml

# Regenerate the lock after changing dependencies in pyproject.toml (needs network).
# requirements-spark.lock is the same pins plus the `spark` extra: it starts as a copy of
# requirements.lock, whose pins uv then keeps (it prefers those already in its output file).
lock:
	$(PYTHON) -m venv /tmp/edu-pipeline-lock && /tmp/edu-pipeline-lock/bin/pip install --quiet uv
	/tmp/edu-pipeline-lock/bin/uv pip compile pyproject.toml --extra dev --universal --generate-hashes -p 3.11 -o requirements.lock
	cp requirements.lock requirements-spark.lock
	/tmp/edu-pipeline-lock/bin/uv pip compile pyproject.toml --extra dev --extra spark --universal --generate-hashes -p 3.11 -o requirements-spark.lock

# The student linkage model on splink's Spark backend against DuckDB, on a small generated
# province (benchmarks/spark_linkage.py; a few minutes). Needs Java 17+. pyspark is an
# optional extra, installed from requirements-spark.lock when missing.
# Extra arguments: make spark-demo SPARK_DEMO_ARGS="--schools 20 --write"
spark-demo: $(STAMP)
	@command -v java >/dev/null || { echo "Java 17+ is required (apt-get install openjdk-17-jre-headless)"; exit 1; }
	$(BIN)/python -c 'import pyspark' 2>/dev/null || $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-spark.lock
	$(BIN)/python benchmarks/spark_linkage.py $(SPARK_DEMO_ARGS)

clean:
	rm -rf $(VENV) data/warehouse/edu.duckdb data/warehouse/parquet data/warehouse/feedback data/warehouse/_stage data/warehouse/_cache
