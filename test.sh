#!/usr/bin/env bash
# One command: the whole test suite (sets up .venv first if needed). `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --no-example
exec .venv/bin/python -m pytest "$@"
