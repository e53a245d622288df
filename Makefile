# `make run` and `make test` work from nothing but Python 3.11 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= data/dossier.db
STAMP := $(VENV)/.installed

.PHONY: run serve test build bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	@# The distribution was called "dossier" before it became dossier-tui: drop the old one.
	$(BIN)/python -m pip uninstall --quiet --yes dossier 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,web]'
	@# An editable install is not compiled; without bytecode every launch compiles the package.
	$(BIN)/python -m compileall -q dossier
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/dossier --db $(DB)

serve: $(STAMP)
	$(BIN)/dossier serve --db $(DB)

test: $(STAMP)
	$(BIN)/python -m pytest

build: $(STAMP)
	$(BIN)/dossier build --db $(DB)

# The groups of figures, then issue #17's figures by size. VisiData and fzf, the comparisons,
# go in a throwaway venv (bench/.cache/tools), never in .venv.
SCALE ?= 1k,10k,50k
bench: $(STAMP)
	$(BIN)/python -m bench --install-tools
	$(BIN)/python -m bench --scale $(SCALE)

# Extraction measured on labelled real articles (../shared/devset, outside the repository).
DEVSET ?= ../shared/devset
SCORER ?= ../shared/score_corpus.py
eval: $(STAMP)
	@if [ -f $(DEVSET)/gold.json ] && [ -f $(SCORER) ]; then \
		$(BIN)/python $(SCORER) $(DEVSET) --dossier $(BIN)/dossier; \
	else \
		echo "make eval: no labelled corpus at $(DEVSET) or no scorer at $(SCORER) (both live outside the repository); nothing measured."; \
	fi

clean:
	rm -rf $(VENV) build *.egg-info
