# Two commands on a fresh machine: `make shell` (talk to the bot) and `make test` (every check).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install shell test lint typecheck pytest validate eval bench run sync report clean

# Quiet on purpose: a newcomer sees the steps, and pip still prints any error in full.
# (-qq hides pip's warnings too, which are about the machine's pip set-up, not this project.)
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (PYTHON=...)")'
	@echo "Setting up $(VENV) (first run only; takes a minute) …"
	@$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the bot and its test tools into $(VENV) …"
	@$(BIN)/python -m pip install -qq --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)
	@echo "Ready."

# The bot's own modules are compiled here too: an editable install leaves that to the first run,
# which cannot keep the result where PYTHONDONTWRITEBYTECODE is set, so every `ask` compiled them again.
install: $(STAMP)
	@$(BIN)/python -m compileall -q bot

shell: install
	$(BIN)/python -m bot shell

test: install lint typecheck validate pytest

lint: install
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/ruff format --check bot tests benchmarks

typecheck: install
	$(BIN)/mypy bot

validate: install
	$(BIN)/python -m bot validate

pytest: install
	$(BIN)/python -m pytest

eval: install
	$(BIN)/python -m bot eval tests/data/answers.yaml

bench: install
	$(BIN)/python -m benchmarks

run: install
	$(BIN)/python -m bot run

sync: install
	$(BIN)/python -m bot sync

report: install
	$(BIN)/python -m bot report

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
