#!/usr/bin/env bash
# One command: make .venv/, install storylens with its models and test tools, then run the main job
# on the built-in example corpus. Safe to run again (it only installs what is missing).
#   ./setup.sh              set up and analyse examples/afghanistan-2020
#   ./setup.sh --no-example set up only (used by ./test.sh)
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "storylens needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1). Set PYTHON=python3.11 (or newer)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.storylens-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  # torch is pinned to the CPU build (2.13.0) in pyproject.toml; an unpinned torch would pull CUDA
  # the spark extra: pyspark with its connect client (its jars inside) and pandas<3 for the Spark engine (--engine spark)
  .venv/bin/pip install --disable-pip-version-check -q -e '.[dev,bench,spark]'
  touch "$stamp"
fi
# Debian's chromium for the browser tests (playwright drives it; nothing is downloaded by playwright)
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; browser tests will be skipped"
  else
    echo "note: chromium is not installed (sudo apt-get install chromium); browser tests will be skipped"
  fi
fi
# Debian's Java for the Spark engine (--engine spark) and the benchmark peers on it (HeidelTime in bench/dates.py)
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's openjdk-17-jre-headless for the Spark engine and the Java benchmark peers..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null) \
      || echo "warning: could not install Java; --engine spark will not run and its tests will be skipped"
  else
    echo "note: Java is not installed (sudo apt-get install openjdk-17-jre-headless); --engine spark will not run"
  fi
fi
if [ "${1:-}" != "--no-example" ]; then
  mkdir -p out
  .venv/bin/storylens analyze examples/afghanistan-2020 --db out/example.db --report out/example.html --json out/example.json
  echo
  echo "Next: .venv/bin/storylens show <story id> --db out/example.db   |   open out/example.html"
  echo "      .venv/bin/storylens serve --db out/example.db   (then http://127.0.0.1:8000)"
fi
