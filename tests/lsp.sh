#!/usr/bin/env bash
# The language server, driven by a real LSP client over pipes.
# usage: tests/lsp.sh TMPDIR   (run by tests/run.sh; prints "ok NAME" or "FAIL NAME")
exec timeout 300 python3 tests/lsp/test_lsp.py "$1"
