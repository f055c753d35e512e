# Two commands on a fresh machine with Python >= 3.11:
#   make demo   - create .venv, install mdm2io, build report/index.html on the bundled IMvigor210 data
#   make test   - create .venv (with test extras) and run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install clean benchmarks

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/mdm2io report --demo --out report
	@echo "open report/index.html in a browser"

test: $(BIN)/.installed
	$(BIN)/python -m pytest

# A plain `pip install` (no extras, so no pyarrow): the environment a user's `mdm2io call` runs in.
BENCH_VENV ?= .venv-default
$(BENCH_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -e .
	touch $@

benchmarks: $(BIN)/.installed $(BENCH_VENV)/.installed
	for f in benchmarks/bench_*.py; do case $$f in *_common.py|*_genie.py) ;; *) $(BIN)/python $$f ;; esac; done
	$(BIN)/python benchmarks/bench_genomics_genie.py --python $(BENCH_VENV)/bin/python
	$(BIN)/python benchmarks/bench_genomics_genie.py --no-pandas

clean:
	rm -rf $(VENV) $(BENCH_VENV) report build *.egg-info src/*.egg-info .pytest_cache
