#!/usr/bin/env bash
# Runs each libFuzzer target for $1 seconds (default 60) over its corpus.
# Seed corpora: plans, test plans and templates; new inputs go to
# build/corpus/NAME; crashers to tests/fuzz/crashes/ (commit them, then they
# run as regression tests through tests/fuzz/regress.sh).
set -u
cd "$(dirname "$0")/../.."
time=${1:-60}
mkdir -p tests/fuzz/crashes build/corpus
for name in plan pdf template; do
  bin=build/fuzz_$name
  [ -x "$bin" ] || continue
  corpus=build/corpus/$name
  mkdir -p "$corpus"
  if [ "$name" = template ]; then seeds=templates; else seeds="plans tests/golden tests/diag docs"; fi
  for d in $seeds; do find "$d" -maxdepth 2 -type f \( -name '*.yaml' -o -name '*.tmpl' -o -name '*.inc' \) -exec cp {} "$corpus/" \; ; done
  echo "== fuzz_$name for ${time}s"
  "$bin" -max_total_time="$time" -max_len=65536 -timeout=10 -rss_limit_mb=1024 \
    -artifact_prefix=tests/fuzz/crashes/$name- -print_final_stats=1 "$corpus" 2>&1 |
    grep -E "^(#[0-9]+.*(DONE|INITED)|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==ERROR|SUMMARY)" | tail -6
done
