#!/usr/bin/env bash
# kehoach benchmark (issue 7): latency, throughput, growth and size; the DOCX
# back end beside the PDF and pandoc's DOCX writer (issue 15).
#
#   bench/run.sh                 full run (about 5-6 minutes on 2 cores)
#   BENCH_QUICK=1 bench/run.sh   shorter run (about 2 minutes): fewer repetitions, every 10th
#                                plan of the corpus for the throughput runs
#   BENCH_NOTE="..." bench/run.sh   a remark copied into RESULTS.md (e.g. what
#                                else the machine was doing)
#   BENCH_RESULTS=FILE           write the report there instead of bench/RESULTS.md
#
# Installs what it needs from Debian's packages when missing (hyperfine,
# weasyprint, pandoc, LibreOffice Writer, time, poppler-utils), builds
# ./kehoach, generates the corpus (bench/gen-corpus.py, into build/bench/),
# measures, prints a table and writes bench/RESULTS.md. Everything it writes
# besides RESULTS.md stays under build/bench/. No number is asserted: this is
# a benchmark, not a test; it fails only when a tool or a plan fails.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
B=build/bench
R=$B/results
QUICK=${BENCH_QUICK:-0}
KEHOACH=./kehoach

if [ "$QUICK" = 1 ]; then
  LAT_RUNS=10; CMP_RUNS=3; CHECK_RUNS=1; BUILD_RUNS=1; GROWTH_RUNS=5; RSS_RUNS=3
else
  LAT_RUNS=30; CMP_RUNS=5; CHECK_RUNS=3; BUILD_RUNS=1; GROWTH_RUNS=10; RSS_RUNS=5
fi

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# --- 1. Tools ----------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v weasyprint >/dev/null || missing+=(weasyprint)
command -v pandoc >/dev/null || missing+=(pandoc)
command -v pdfinfo >/dev/null || missing+=(poppler-utils)
command -v python3 >/dev/null || missing+=(python3)
[ -x /usr/bin/time ] || missing+=(time)
need_office=0
command -v soffice >/dev/null || need_office=1
if [ ${#missing[@]} -gt 0 ] || [ $need_office = 1 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  say "installing ${missing[*]} $([ $need_office = 1 ] && echo LibreOffice Writer)"
  $SUDO apt-get update -qq
  if [ $need_office = 1 ]; then
    # The headless build of Writer when the release has it, else the full one.
    if apt-cache show libreoffice-writer-nogui >/dev/null 2>&1; then
      missing+=(libreoffice-writer-nogui)
    else
      missing+=(libreoffice-writer)
    fi
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. kehoach and the corpus ------------------------------------------------
say "make kehoach"
make -s kehoach >/dev/null
mkdir -p "$R"
rm -f "$R"/*

# Regenerate the corpus only when the generator or the seeds changed.
stamp=$(cat bench/gen-corpus.py plans/*.yaml plans/danh-muc/*.yaml | sha256sum | cut -c1-16)
if [ "$(cat $B/corpus.stamp 2>/dev/null)" != "$stamp" ] || [ ! -d $B/corpus ]; then
  say "generating the corpus (bench/gen-corpus.py)"
  rm -f $B/corpus.stamp
  python3 bench/gen-corpus.py --plans plans --out $B >&2
  echo "$stamp" > $B/corpus.stamp
fi

corpus=($B/corpus/*.yaml)
[ ${#corpus[@]} -gt 0 ] || die "empty corpus"
ncorpus=${#corpus[@]}
if [ "$QUICK" = 1 ]; then
  tput=()
  for ((i = 0; i < ncorpus; i += 10)); do tput+=("${corpus[$i]}"); done
else
  tput=("${corpus[@]}")
fi
seeds=(plans/*.yaml)

# Raw results: one "key<TAB>value" per line, read by bench/report.py.
raw=$R/raw.tsv
put() { printf '%s\t%s\n' "$1" "$2" >> "$raw"; }
put quick "$QUICK"
put nproc "$(nproc)"
put cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
put kernel "$(uname -srm)"
put mem_kib "$(awk '/MemTotal/ {print $2}' /proc/meminfo)"
put load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
# Other processes busy at the start (ps: CPU share over each one's lifetime).
put busy_start "$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 20 {printf "%s%s (%s%% CPU)", sep, $2, $1; sep = ", "}')"
put date "$(date -u +%Y-%m-%dT%H:%MZ)"
put commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src templates 2>/dev/null || echo '+dirty')"
put v_kehoach "$($KEHOACH --version 2>&1 | head -1)"
put v_pandoc "$(pandoc --version | head -1)"
put v_weasyprint "$(weasyprint --version 2>&1 | head -1)"
put v_libreoffice "$(soffice --version 2>/dev/null | head -1)"
put v_hyperfine "$(hyperfine --version | head -1)"
put note "${BENCH_NOTE:-}"
put lat_runs "$LAT_RUNS"; put cmp_runs "$CMP_RUNS"; put check_runs "$CHECK_RUNS"
put build_runs "$BUILD_RUNS"; put growth_runs "$GROWTH_RUNS"

timed() {  # timed KEY STDERR COMMAND...: wall time (ns), peak RSS (KiB) of one run
  local key=$1 err=$2; shift 2
  local t0 t1 rc
  t0=$(date +%s%N)
  set +e
  /usr/bin/time -f '%M' -o "$R/$key.rss" "$@" 2>"$err"
  rc=$?
  set -e
  t1=$(date +%s%N)
  [ $rc = 0 ] || die "$key: $1 $2 exited $rc (its messages: $err)"
  printf '%s\t%s\n' "$((t1 - t0))" "$(tail -1 "$R/$key.rss")" >> "$R/$key.tsv"
}

# Check the whole corpus once, keeping the diagnostics: every plan must pass
# (exit status 0; warnings allowed). In a full run this is also the first
# timed run of the check throughput (same command).
say "kehoach check over the whole corpus (${ncorpus} plans), diagnostics in $B/check.log"
if [ "$QUICK" = 1 ]; then
  timed verify $B/check.log $KEHOACH check "${corpus[@]}"
else
  timed check $B/check.log $KEHOACH check "${corpus[@]}"
fi
put corpus_plans "$ncorpus"
put corpus_warnings "$(grep -c ': warning:' $B/check.log || true)"
put corpus_errors "$(grep -c ': error:' $B/check.log || true)"

# --- 3. Latency: one plan, one process, Markdown + PDF -------------------------
hf() {  # hyperfine NAME RUNS WARMUP [-N] COMMAND
  local name=$1 runs=$2 warm=$3; shift 3
  # hyperfine's advice (outliers, caches) goes to a log; its errors too.
  hyperfine --style none --runs "$runs" --warmup "$warm" \
    --export-json "$R/$name.json" "$@" >/dev/null 2>>"$R/hyperfine.log" ||
    { cat "$R/hyperfine.log" >&2; die "hyperfine: $name failed"; }
}
LAT_OUT=$B/latency
mkdir -p $LAT_OUT $B/compare/lo
for p in "${seeds[@]}"; do
  n=$(basename "$p" .yaml)
  say "latency: kehoach build $p ($LAT_RUNS runs)"
  hf "lat-$n" "$LAT_RUNS" 3 -N "$KEHOACH build -q -o $LAT_OUT $p"
  put "pdf_bytes_$n" "$(stat -c %s $LAT_OUT/$n.pdf)"
  put "pdf_pages_$n" "$(pdfinfo $LAT_OUT/$n.pdf | awk '/^Pages:/ {print $2}')"
  put "md_bytes_$n" "$(stat -c %s $LAT_OUT/$n.md)"
  put "yaml_bytes_$n" "$(stat -c %s $p)"
  for ((i = 0; i < RSS_RUNS; i++)); do
    /usr/bin/time -f '%e %M' -a -o "$R/rss-$n.txt" $KEHOACH build -q -o $LAT_OUT "$p"
  done
done

# The same build with the font cache off (src/fontcache.c): what the first
# run after a font or fontconfig change costs (fontconfig reads its XML).
cold=${seeds[0]}
say "latency: kehoach build $cold with KEHOACH_FONT_CACHE=off ($LAT_RUNS runs)"
(export KEHOACH_FONT_CACHE=off; hf "lat-cold" "$LAT_RUNS" 3 -N "$KEHOACH build -q -o $LAT_OUT $cold")
put lat_cold_plan "$(basename "$cold" .yaml)"

# --- 4. The same content through pandoc + WeasyPrint and pandoc + LibreOffice --
LO_PROFILE="file://$ROOT/$B/lo-profile"
for p in "${seeds[@]}"; do
  n=$(basename "$p" .yaml)
  md=$LAT_OUT/$n.md
  say "compare: pandoc + WeasyPrint, pandoc + LibreOffice on $md ($CMP_RUNS runs)"
  hf "weasy-$n" "$CMP_RUNS" 1 -N "pandoc $md -o $B/compare/$n-weasyprint.pdf --pdf-engine=weasyprint"
  hf "lo-$n" "$CMP_RUNS" 1 \
    "pandoc $md -o $B/compare/$n.docx && soffice -env:UserInstallation=$LO_PROFILE --headless --convert-to pdf --outdir $B/compare/lo $B/compare/$n.docx"
  put "weasy_pages_$n" "$(pdfinfo $B/compare/$n-weasyprint.pdf | awk '/^Pages:/ {print $2}')"
  put "weasy_bytes_$n" "$(stat -c %s $B/compare/$n-weasyprint.pdf)"
  put "lo_pages_$n" "$(pdfinfo $B/compare/lo/$n.pdf | awk '/^Pages:/ {print $2}')"
  put "lo_bytes_$n" "$(stat -c %s $B/compare/lo/$n.pdf)"
done

# --- 4b. DOCX (issue 15): kehoach's DOCX beside its PDF, and pandoc's DOCX writer --
DOCX_OUT=$B/docx
mkdir -p $DOCX_OUT
for p in "${seeds[@]}"; do
  n=$(basename "$p" .yaml)
  md=$LAT_OUT/$n.md
  say "docx: kehoach build --format pdf, --format docx $p ($LAT_RUNS runs); pandoc $md -o X.docx ($CMP_RUNS runs)"
  hf "pdfonly-$n" "$LAT_RUNS" 3 -N "$KEHOACH build -q --format pdf -o $DOCX_OUT $p"
  hf "docx-$n" "$LAT_RUNS" 3 -N "$KEHOACH build -q --format docx -o $DOCX_OUT $p"
  hf "pandocdocx-$n" "$CMP_RUNS" 1 -N "pandoc $md -o $DOCX_OUT/$n-pandoc.docx"
  put "docx_bytes_$n" "$(stat -c %s $DOCX_OUT/$n.docx)"
  put "pandoc_docx_bytes_$n" "$(stat -c %s $DOCX_OUT/$n-pandoc.docx)"
done

# --- 5. Throughput: the corpus in one process ----------------------------------
ntput=${#tput[@]}
plan_bytes=$(cat "${tput[@]}" | wc -c)
# What the plans include: each its commune's catalogue, all the shared one.
inc_bytes=$(printf '%s\n' "${tput[@]}" | python3 -c '
import os, re, sys
total = 0
for plan in sys.stdin.read().split():
    text = open(plan, encoding="utf-8").read()
    for inc in re.findall(r"(?m)^  - (danh-muc/\S+\.yaml)$", text):
        total += os.path.getsize(os.path.join(os.path.dirname(plan), inc))
print(total)')
put tput_plans "$ntput"; put tput_plan_bytes "$plan_bytes"; put tput_include_bytes "$inc_bytes"

say "throughput: kehoach check of $ntput plans in one process ($CHECK_RUNS runs)"
for ((i = $([ "$QUICK" = 1 ] && echo 0 || echo 1); i < CHECK_RUNS; i++)); do
  timed check /dev/null $KEHOACH check "${tput[@]}"
done

JOBS=()
if $KEHOACH --help 2>&1 | grep -qE -- '(^|[ ,])-j([ ,]|$)'; then JOBS=(-j 2); fi
put build_jobs "${JOBS[*]:-none}"
if [ ${#JOBS[@]} -gt 0 ]; then
  say "throughput: kehoach check ${JOBS[*]} of $ntput plans in one process ($CHECK_RUNS runs)"
  for ((i = 0; i < CHECK_RUNS; i++)); do
    timed check_j /dev/null $KEHOACH check "${JOBS[@]}" "${tput[@]}"
  done
fi
BUILD_OUT=$B/out-corpus
say "throughput: kehoach build ${JOBS[*]} of $ntput plans in one process ($BUILD_RUNS runs)"
for ((i = 0; i < BUILD_RUNS; i++)); do
  rm -rf $BUILD_OUT
  timed build $R/build.log $KEHOACH build -q "${JOBS[@]}" -o $BUILD_OUT "${tput[@]}"
done
built=$(find $BUILD_OUT -name '*.pdf' | wc -l)
[ "$built" = "$ntput" ] || die "batch build wrote $built PDFs for $ntput plans"
put build_pdf_bytes "$(find $BUILD_OUT -name '*.pdf' -printf '%s\n' | awk '{s += $1} END {print s}')"

# --- 6. Growth: one seed with 1x, 2x, 5x, 20x its tasks -------------------------
GROWTH_OUT=$B/growth-out
mkdir -p $GROWTH_OUT
while IFS=$'\t' read -r name factor tasks bytes; do
  [ "$name" = plan ] && continue
  say "growth: $name ($tasks tasks, $bytes bytes)"
  f=$B/growth/$name.yaml
  hf "growth-$name" "$GROWTH_RUNS" 2 -N "$KEHOACH build -q -o $GROWTH_OUT $f"
  for ((i = 0; i < 3; i++)); do
    /usr/bin/time -f '%e %M' -a -o "$R/growth-rss-$name.txt" $KEHOACH build -q -o $GROWTH_OUT "$f"
  done
  hf "growth-check-$name" "$GROWTH_RUNS" 2 -N "$KEHOACH check $f"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$factor" "$tasks" "$bytes" \
    "$(pdfinfo $GROWTH_OUT/$name.pdf | awk '/^Pages:/ {print $2}')" \
    "$(stat -c %s $GROWTH_OUT/$name.pdf)" >> "$R/growth.tsv"
done < $B/growth.tsv

# --- 6b. The editor: kehoach lsp, warm, through real protocol messages --------
LSP_EDITS=$([ "$QUICK" = 1 ] && echo 1000 || echo 10000)
for p in "${seeds[@]}"; do
  n=$(basename "$p" .yaml)
  say "lsp: $n ($LSP_EDITS edits)"
  python3 bench/lsp_bench.py "$KEHOACH" "$p" "$LSP_EDITS" "${seeds[@]}" > "$R/lsp-$n.txt" ||
    die "lsp bench failed on $n"
  hf "lsp-cold-check-$n" "$LAT_RUNS" 3 -N "$KEHOACH check $p"
  python3 bench/watch_bench.py "$KEHOACH" "$p" 30 >> "$R/lsp-$n.txt" ||
    die "watch bench failed on $n"
done

put load_end "$(cut -d' ' -f1-3 /proc/loadavg)"

# --- 7. Report ------------------------------------------------------------------
python3 bench/report.py --results "$R" --seeds "${seeds[@]}" --out "${BENCH_RESULTS:-bench/RESULTS.md}" \
  --check-log $B/check.log \
  --commands "$KEHOACH build -q -o $LAT_OUT PLAN" \
             "pandoc $LAT_OUT/NAME.md -o X.pdf --pdf-engine=weasyprint" \
             "$KEHOACH build -q --format pdf -o $DOCX_OUT PLAN" \
             "$KEHOACH build -q --format docx -o $DOCX_OUT PLAN" \
             "pandoc $LAT_OUT/NAME.md -o $DOCX_OUT/NAME-pandoc.docx" \
             "pandoc $LAT_OUT/NAME.md -o X.docx && soffice -env:UserInstallation=$LO_PROFILE --headless --convert-to pdf --outdir DIR X.docx" \
             "CORPUS=($([ "$QUICK" = 1 ] && echo "every 10th of ")$B/corpus/*.yaml)   # $ntput paths, one argv" \
             "$KEHOACH check \"\${CORPUS[@]}\"" \
             "$KEHOACH build -q ${JOBS[*]} -o $BUILD_OUT \"\${CORPUS[@]}\"" \
             "/usr/bin/time -f '%e %M' $KEHOACH build -q -o $GROWTH_OUT $B/growth/tan-yen-2026-xK.yaml"
