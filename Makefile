# Two commands on a fresh machine: `make run` (the app) and `make test` (the suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The app needs the runtime dependencies only; the suite, lint and bench add the dev extras
# (pytest, Playwright, ...), several hundred MiB a first `make run` need not wait for.
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
CHECK_PYTHON := $(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'

.PHONY: run test lint bench bench-load clean llama-server cassettes

# A first `make run` keeps the pip the venv comes with (it installs this project as it is) and
# leaves compiling to Python, which compiles the modules the app imports as it imports them
# instead of pip compiling every file of every dependency first.
$(STAMP): pyproject.toml
	@$(CHECK_PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-compile -e .
	@touch $(STAMP)

# The dev extras include every runtime dependency, so this stamp stands for both.
$(DEV_STAMP): pyproject.toml
	@$(CHECK_PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP) $(DEV_STAMP)

# This machine only by default; ADDRESS=0.0.0.0 make run opens it to the network on purpose.
run: $(STAMP)
	$(BIN)/streamlit run app.py --server.headless true --browser.gatherUsageStats false \
		--server.address $${ADDRESS:-127.0.0.1} --server.port $${PORT:-8501}

# Two workers (pytest-xdist); the browser tests run one after another in one of them, sharing
# its Chromium (see tests/conftest.py). WORKERS=0 runs the suite in this process alone.
WORKERS ?= 2
test: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# llama-cpp-python's OpenAI-compatible server, in its own environment (a C++ build, ~5 min once).
llama-server: .venv-llama/.installed
.venv-llama/.installed:
	$(PYTHON) -m venv .venv-llama
	.venv-llama/bin/python -m pip install --quiet --upgrade pip
	.venv-llama/bin/python -m pip install --quiet "llama-cpp-python[server]>=0.3"
	@touch $@

# Re-record the LLM cassettes the default test run replays, from the local llama.cpp server.
cassettes: $(DEV_STAMP) llama-server
	SIM_LLAMA_PYTHON=$(CURDIR)/.venv-llama/bin/python SIM_RECORD_CASSETTES=1 \
		$(BIN)/python -m pytest -q tests/test_llm_server.py -k record_cassettes

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/speed_table.py

# Two app servers on one PostgreSQL under simulated users (loopback only; stops by itself).
bench-load: $(DEV_STAMP)
	$(BIN)/python benchmarks/load.py --users $${USERS:-16} --answers $${ANSWERS:-3}

clean:
	rm -rf $(VENV) .venv-llama .pytest_cache .ruff_cache
