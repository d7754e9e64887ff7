# Two commands set everything up on a fresh machine:
#   make run   - virtual environment, dependencies, map scripts, index of the bundled corpus, dashboard
#   make test  - the same plus test tools and Debian's chromium, then lint and every test
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
VENDOR := dashboard/ui/static/vendor/.complete

.PHONY: run test index vendor chromium postgres lint bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

# Leaflet, its cluster plugin and country outlines, from the npm registry (not committed).
$(VENDOR): $(VENV)/.installed dashboard/assets/vendor.py dashboard/assets/topojson.py dashboard/assets/offline.py
	$(PY) -m dashboard.assets.vendor

vendor: $(VENDOR)

# A rejected article makes `build` exit non-zero; the dashboard still serves every valid one.
index: $(VENV)/.installed
	-$(PY) -m dashboard build

run: $(VENV)/.installed $(VENDOR) index
	$(PY) -m streamlit run dashboard/ui/app.py --server.port $(PORT)

# Browser tests drive Debian's chromium (Playwright's own browser download does not work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y chromium)

# The PostgreSQL tests start their own server with Debian's initdb/pg_ctl (not on PATH).
postgres:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| (apt-get update && apt-get install -y postgresql)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: $(VENV)/.dev-installed $(VENDOR) chromium postgres lint
	$(PY) -m pytest

# Accuracy on the public dev data (../shared/devdata) needs the peers (geotext, dateparser);
# the UI benches drive Debian's chromium on a large synthetic index built once in build/bench/.
bench: $(VENV)/.dev-installed $(VENDOR) chromium
	$(PY) bench/build_bench.py
	$(PY) bench/dates_bench.py
	$(PY) bench/accuracy.py
	$(PY) bench/map_bench.py
	$(PY) bench/geoparse.py
	$(PY) bench/acled_places.py
	$(PY) bench/dates_timeml.py
	$(PY) bench/events_acled.py
	$(PY) bench/size_bench.py
	$(PY) bench/add_bench.py
	$(PY) bench/language_bench.py
	$(PY) bench/ui_bench.py
	$(PY) bench/load.py

clean:
	rm -rf build index.sqlite dashboard/ui/static/vendor test-artifacts
