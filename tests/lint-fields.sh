#!/usr/bin/env bash
# Every printed string field of the JSON Schema is linted: tests/lint-fields.py.
# usage: tests/lint-fields.sh TMPDIR   (prints "ok lint-fields/FIELD" or "FAIL ...")
cd "$(dirname "$0")/.." && exec python3 tests/lint-fields.py "${KEHOACH:-./kehoach}" "$1"
