#!/usr/bin/env bash
# kehoach's test runner: every test, then one summary line.
#
#   tests/run.sh [PATTERN]      run the tests whose name contains PATTERN
#
# Kinds of tests (each file states its format at the top):
#   unit       build/test_* binaries (tests/unit/test_*.c); each prints
#              "N passed, M failed", counted here.
#   diag       tests/diag/NAME.yaml: `kehoach check` must print exactly
#              tests/diag/NAME.out (stderr, then "[exit N]").
#   golden     tests/golden/NAME.yaml and plans/NAME.yaml: `kehoach build`
#              must write exactly tests/golden/NAME.md.
#   similarity plans/NAME.yaml rendered vs the seed tests/seeds/NAME.txt:
#              word-sequence similarity >= 0.92.
#   pdf        every golden/plan PDF read back by qpdf, pdfinfo, pdffonts and
#              pdftotext (tests/pdfcheck.py: fonts, margins, page numbers,
#              similarity to the seed, and nd30/*: every layout rule of the
#              decree, tests/nd30check.py); built twice, byte-identical.
#   layout     every golden/plan PDF's lines (page, place, size, style) and
#              rules against tests/layout/NAME.layout (tests/layoutsnap.py,
#              0.5 pt tolerance); a line-breaking change shows as a diff.
#   nd30-selftest  each nd30 check fails on a PDF made wrong on purpose.
#   cli        tests/cli.sh: command-line behaviour, exit statuses, outputs.
#   lsp        tests/lsp.sh: `kehoach lsp` driven by a real LSP client (tests/lsp/).
#   docx       tests/docx.sh: --format docx read back by python-docx
#              (tests/docxcheck.py) and LibreOffice, bytes, hostile input.
#   lint-fields tests/lint-fields.py: every printed string field of the JSON
#              Schema is linted (a TCVN3 word put in it is reported).
#
# KEHOACH=path selects the binary (default ./kehoach), WRAP=cmd runs it under
# cmd (valgrind); UPDATE=1 rewrites the
# expected files from the current output (review the diff before committing).
set -u
cd "$(dirname "$0")/.."
export KEHOACH=${KEHOACH:-./kehoach}
WRAP=${WRAP:-}   # e.g. "valgrind -q --error-exitcode=99"
export LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=1
# Sanitizer reports (make check-asan) exit 99, never 1 or 2 like kehoach.
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=99} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:exitcode=99}
filter=${1:-}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The font cache (src/fontcache.c) of the tests' runs lives and dies with them.
export XDG_CACHE_HOME="$tmp/cache"

ok()   { pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok   $1"; return 0; }
bad()  { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -40; return 0; }
want() { [ -z "$filter" ] || [[ "$1" == *"$filter"* ]]; }

# source: `-j` runs plans in threads, so the sources call no libc function
# that keeps hidden static state (strtok did: two threads' tokens mixed,
# seen as a random [bad-ref] in the bench corpus; helgrind does not look
# inside libc).
if want source/reentrant; then
  hits=$(grep -nE '\b(strtok|localtime|gmtime|asctime|ctime|rand|srand|tmpnam|getpwnam|getpwuid|getgrnam|getlogin|ttyname|strsignal|strerror|ecvt|fcvt|gcvt|drand48|lrand48|mrand48|setenv|putenv)[[:space:]]*\(' src/*.c src/pdf/*.c)
  if [ -z "$hits" ]; then ok source/reentrant; else bad source/reentrant "$hits"; fi
fi

# unit
# One binary per tests/unit/*.c: a missing one, or one make would rebuild
# (run.sh run without `make unit`), fails instead of being skipped or run
# stale. make -q knows the binary's real dependencies.
for src in tests/unit/test_*.c; do
  t=build/$(basename "$src" .c)
  name="unit/$(basename "$t")"; want "$name" || continue
  if [ ! -x "$t" ] || ! make -q "$t" 2>/dev/null; then
    bad "$name" "$t is missing or out of date: run make unit"; continue
  fi
  out=$("$t" 2>&1); status=$?
  line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
  p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
  if [ -z "$line" ]; then bad "$name" "$out"; continue; fi
  pass=$((pass + p)); fail=$((fail + f))
  [ "$status" = 0 ] && [ "$f" = 0 ] || bad "$name (exit $status)" "$out"
done

# diag
for y in tests/diag/*.yaml; do
  name="diag/$(basename "$y" .yaml)"; want "$name" || continue
  exp="${y%.yaml}.out"
  got=$($WRAP "$KEHOACH" check -I tests/diag "$y" 2>&1 >/dev/null; echo "[exit $?]")
  if [ -n "${UPDATE:-}" ]; then printf '%s\n' "$got" > "$exp"; fi
  if [ -f "$exp" ] && [ "$got" = "$(cat "$exp")" ]; then ok "$name"
  else bad "$name" "$(diff <(cat "$exp" 2>/dev/null) <(printf '%s\n' "$got"))"; fi
done

# golden
for y in tests/golden/*.yaml plans/*.yaml; do
  [ -f "$y" ] || continue
  stem=$(basename "$y" .yaml)
  name="golden/$stem"
  # The plan is built when any of its tests is wanted (tests/run.sh layout).
  want "$name" || want "pdf/$stem" || want "layout/$stem" || continue
  exp="tests/golden/$stem.md"
  rm -rf "$tmp/out"
  if ! err=$($WRAP "$KEHOACH" build -q -o "$tmp/out" "$y" 2>&1); then bad "$name" "$err"; continue; fi
  if want "$name"; then
    if [ -n "${UPDATE:-}" ]; then cp "$tmp/out/$stem.md" "$exp"; fi
    if cmp -s "$exp" "$tmp/out/$stem.md"; then ok "$name"
    else bad "$name" "$(diff "$exp" "$tmp/out/$stem.md")"; fi
  fi
  # Markdown readers accept it.
  name="markdown/$stem"
  if want "$name"; then
    if cmark-gfm -e table -e footnotes "$tmp/out/$stem.md" > "$tmp/md.html" 2>"$tmp/md.err" &&
       ! grep -q "raw HTML omitted" "$tmp/md.html" && grep -q "<table>" "$tmp/md.html"; then ok "$name"
    else bad "$name" "$(cat "$tmp/md.err")"; fi
  fi
  # Similarity with the seed document.
  seed="tests/seeds/$stem.txt"
  name="similarity/$stem"
  if [ -f "$seed" ] && want "$name"; then
    if out=$(python3 tests/similarity.py "$seed" "$tmp/out/$stem.md" 0.92); then ok "$name"; [ -n "${VERBOSE:-}" ] && echo "     $out"
    else bad "$name" "$out"; fi
  fi
  # The PDF, read back by poppler and qpdf (tests/pdfcheck.py).
  if want "pdf/$stem"; then
    [ -f "$seed" ] || seed=
    # Its exit status counts too: a traceback prints no "FAIL" line.
    checks=$(python3 tests/pdfcheck.py "$tmp/out/$stem.pdf" $seed 2>&1); status=$?
    while IFS= read -r line; do
      case "$line" in
        "ok "*) ok "pdf/$stem/${line#ok }" ;;
        "FAIL "*) bad "pdf/$stem/${line#FAIL }" ;;
        *) [ -n "${VERBOSE:-}" ] && printf '%s\n' "$line" ;;
      esac
    done <<< "$checks"
    if [ "$status" != 0 ] && ! grep -q '^FAIL ' <<< "$checks"; then
      bad "pdf/$stem/pdfcheck (exit $status)" "$checks"
    fi
  fi
  # Every line's page, place, size and style against its snapshot
  # (tests/layout/NAME.layout, tests/layoutsnap.py).
  name="layout/$stem"
  if want "$name"; then
    if out=$(python3 tests/layoutsnap.py "$tmp/out/$stem.pdf" "tests/layout/$stem.layout" ${UPDATE:+--update} 2>&1); then ok "$name"
    else bad "$name" "$out"; fi
  fi
  # Same input, same bytes; the creation date is SOURCE_DATE_EPOCH's.
  name="pdf/$stem/deterministic"
  if want "$name"; then
    SOURCE_DATE_EPOCH=1767225600 "$KEHOACH" build -q -o "$tmp/d1" "$y" 2>/dev/null
    TZ=Asia/Ho_Chi_Minh LC_ALL=C SOURCE_DATE_EPOCH=1767225600 "$KEHOACH" build -q -o "$tmp/d2" "$y" 2>/dev/null
    if cmp -s "$tmp/d1/$stem.pdf" "$tmp/d2/$stem.pdf" && cmp -s "$tmp/d1/$stem.md" "$tmp/d2/$stem.md" &&
       pdfinfo "$tmp/d1/$stem.pdf" | grep -q "^CreationDate: *Thu Jan  1 00:00:00 2026 UTC"; then ok "$name"
    else bad "$name" "$(pdfinfo "$tmp/d1/$stem.pdf" 2>&1 | grep -i date)"; fi
    rm -rf "$tmp/d1" "$tmp/d2"
  fi
done

# nd30-selftest: each layout check of tests/nd30check.py (run above on
# every PDF by pdfcheck.py) fails on a PDF made wrong on purpose: pages
# read back and one thing moved, restyled or retyped, and PDF files edited
# in their bytes (tests/nd30selftest.py).
if want nd30-selftest; then
  rm -rf "$tmp/self"
  if err=$("$KEHOACH" build -q -o "$tmp/self" tests/golden/features.yaml plans/tan-yen-2026.yaml 2>&1); then
    checks=$(python3 tests/nd30selftest.py "$tmp/self/features.pdf" "$tmp/self/tan-yen-2026.pdf" 2>&1); status=$?
    while IFS= read -r line; do
      case "$line" in
        "ok "*) ok "${line#ok }" ;;
        "FAIL "*) bad "${line#FAIL }" ;;
        *) printf '%s\n' "$line" ;;
      esac
    done <<< "$checks"
    if [ "$status" != 0 ] && ! grep -q '^FAIL ' <<< "$checks"; then
      bad "nd30-selftest (exit $status)" "$checks"
    fi
  else
    bad "nd30-selftest/build" "$err"
  fi
fi

# fuzz regressions: every input a fuzzer ever crashed on must now give a
# clean diagnostic run (exit 0, 1 or 2), never a crash.
# Plans are read as the fuzzer read them (includes from the repository
# root, templates/); a template crasher becomes hang-nam.tmpl for
# docs/example.yaml.
for c in tests/fuzz/crashes/plan-* tests/fuzz/crashes/pdf-* tests/fuzz/crashes/docx-* tests/fuzz/crashes/template-*; do
  [ -f "$c" ] || continue
  name="fuzz-regress/$(basename "$c")"; want "$name" || continue
  rm -rf "$tmp/crash-out" "$tmp/crash-tpl"
  if [[ "$(basename "$c")" == template-* ]]; then
    mkdir -p "$tmp/crash-tpl"; cp "$c" "$tmp/crash-tpl/hang-nam.tmpl"
    set -- --template-dir "$tmp/crash-tpl" docs/example.yaml
  else
    cp "$c" "$tmp/crash.yaml"
    set -- -I . --template-dir templates "$tmp/crash.yaml"
  fi
  timeout 60 $WRAP "$KEHOACH" build -q -o "$tmp/crash-out" "$@" >/dev/null 2>"$tmp/crash.err"; st=$?
  if [ "$st" -le 2 ]; then ok "$name"; else bad "$name" "exit $st: $(head -20 "$tmp/crash.err")"; fi
done
set --

# Suites in their own scripts print "ok NAME" / "FAIL NAME" lines and exit
# 0; a suite that dies (a shell error) or reports nothing is a failure.
run_suite() { # FILTER SCRIPT
  want "$1" && [ -f "$2" ] || return 0
  local line st results=0
  bash "$2" "$tmp/$1" > "$tmp/$1.log" 2>&1; st=$?
  while IFS= read -r line; do
    case "$line" in
      "ok "*) ok "${line#ok }"; results=$((results + 1)) ;;
      "FAIL "*) bad "${line#FAIL }"; results=$((results + 1)) ;;
      *) printf '%s\n' "$line" ;;
    esac
  done < "$tmp/$1.log"
  if [ "$st" != 0 ] || [ "$results" = 0 ]; then
    bad "$1/suite" "$2 exited with status $st after $results results"
  fi
}
# schema: the JSON Schema for editors, checked with ajv against the plans
run_suite schema tests/schema.sh
# lint-fields: every printed string field of the schema is linted
run_suite lint-fields tests/lint-fields.sh
# cli
run_suite cli tests/cli.sh
# lsp: kehoach lsp through a real client
run_suite lsp tests/lsp.sh
# docx: the DOCX back end, read back by python-docx and LibreOffice
run_suite docx tests/docx.sh

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
