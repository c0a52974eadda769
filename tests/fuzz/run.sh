#!/usr/bin/env bash
# Runs each libFuzzer target for $1 seconds (default 60) over its corpus,
# one after the other (never in parallel).
#
#   tests/fuzz/run.sh [SECONDS [NAME...]]    NAME: plan, pdf, docx, template, lsp
#
# Seed corpora: plans, test plans and templates; new inputs go to
# build/corpus/NAME; crashers to tests/fuzz/crashes/NAME-* (commit them: then
# tests/run.sh replays each as a regression test). The whole libFuzzer log is
# kept in build/fuzz-NAME.log; the summary (executions, coverage, peak RSS)
# is printed.
set -u
cd "$(dirname "$0")/../.."
time=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
names=${*:-plan pdf docx template lsp}
mkdir -p tests/fuzz/crashes build/corpus
for name in $names; do
  bin=build/fuzz_$name
  [ -x "$bin" ] || { echo "fuzz: $bin is missing (make $bin)"; continue; }
  corpus=build/corpus/$name
  mkdir -p "$corpus"
  if [ "$name" = template ]; then seeds=templates
  elif [ "$name" = lsp ]; then seeds=tests/fuzz/lsp-seeds
  else seeds="plans tests/golden tests/diag docs"; fi
  for d in $seeds; do find "$d" -maxdepth 2 -type f \( -name '*.yaml' -o -name '*.tmpl' -o -name '*.inc' -o -name '*.lsp' \) -exec cp {} "$corpus/" \; ; done
  if [ "$name" != template ]; then
    for c in tests/fuzz/crashes/plan-* tests/fuzz/crashes/pdf-* tests/fuzz/crashes/docx-*; do [ -f "$c" ] && cp "$c" "$corpus/"; done
  else
    for c in tests/fuzz/crashes/template-*; do [ -f "$c" ] && cp "$c" "$corpus/"; done
  fi
  echo "== fuzz_$name for ${time}s"
  "$bin" -max_total_time="$time" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=tests/fuzz/crashes/$name- -print_final_stats=1 "$corpus" > "build/fuzz-$name.log" 2>&1
  grep -E "^(#[0-9]+.*(DONE|INITED)|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==ERROR|SUMMARY)" \
    "build/fuzz-$name.log" | tail -6
done
