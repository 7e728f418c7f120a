# Two entry points for a fresh machine (Python 3.11 and pip): `make demo`, `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SEED    = seeds/000_832e27856e8c07f2.txt

.PHONY: demo test test-fast bench clean

demo: $(VENV)/.installed
	$(BIN)/stance classify $(SEED)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -m "not slow"

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	touch $@

$(VENV)/.installed: $(VENV)/.created pyproject.toml
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.created pyproject.toml
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) build *.egg-info
