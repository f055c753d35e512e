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

benchmarks: $(BIN)/.installed
	for f in benchmarks/bench_*.py; do case $$f in *_common.py) ;; *) $(BIN)/python $$f ;; esac; done

clean:
	rm -rf $(VENV) report build *.egg-info src/*.egg-info .pytest_cache
