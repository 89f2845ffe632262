#!/usr/bin/env bash
# The long robustness run: 10,000+ random edit sequences and the other properties at 25x
# the CI budget, with fresh random seeds each run (the CI profile is derandomised).
# Prints the counts run per property and the failures found; exits non-zero on a failure.
# Each failure prints its falsifying example and a @reproduce_failure line; turn it into a
# named test in tests/regressions/ (see docs/robustness.md).
#
#   scripts/fuzz.sh                       # everything (about 10-15 minutes on 2 cores)
#   scripts/fuzz.sh -k incremental        # extra pytest arguments narrow the run
#   HYPOTHESIS_PROFILE=ci scripts/fuzz.sh # the CI budget, as in the default pytest run
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
export HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-long}"
exec "$PYTHON" -m pytest -q -p no:cacheprovider tests/robustness tests/regressions "$@"
