#!/usr/bin/env bash
# DOCX tests (issue 15): kehoach build --format docx, read back by readers
# kehoach did not write.
# usage: tests/docx.sh TMPDIR   (run by tests/run.sh; prints "ok NAME" or "FAIL NAME")
#
#   docx/NAME/build        tests/golden/*.yaml and plans/*.yaml build with
#                          --format docx, writing NAME.docx and nothing else
#   docx/NAME/CHECK        tests/docxcheck.py (python-docx, /usr/bin/python3):
#                          package, margins, header, rules, body, endblock,
#                          pagenum, footnotes, sections (against the PDF)
#   docx/NAME/libreoffice  soffice --headless converts it to PDF without an
#                          error; docx/NAME/lo-CHECK: that PDF read by
#                          tests/pdfcheck.py --layout (margins, page numbers
#                          from page 2, appendices numbered on their own,
#                          similarity >= 0.92 to the seed document)
#   docx/NAME/deterministic  two builds (other TZ, locale) byte-identical,
#                          the zip entries' time and core.xml's dates from
#                          SOURCE_DATE_EPOCH
#   docx/format-*          --format lists, -MD, usage errors
#   docx/hostile-*         bad inputs (tests/diag, the fuzz crashers, a
#                          footnote bomb) through --format docx: no crash,
#                          no output or temporary file for a plan that fails
#   docx/checker-*         each checker fails on a DOCX made wrong on purpose
set -u
T=$1; rm -rf "$T"; mkdir -p "$T"
K=${KEHOACH:-./kehoach}
PY=/usr/bin/python3   # Debian's, with python3-docx (the pyenv python3 lacks it)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-}

check() { # NAME 'CONDITION' (a shell expression, evaluated)
  if eval "$2"; then echo "ok docx/$1"; else echo "FAIL docx/$1"; fi
}
# Prefixes the "ok NAME" / "FAIL NAME" lines of a checker with PREFIX;
# a checker that dies without a verdict is a failure too.
relay() { # PREFIX STATUS OUTPUT
  local line any=0
  while IFS= read -r line; do
    case "$line" in
      "ok "*) echo "ok docx/$1${line#ok }"; any=1 ;;
      "FAIL "*) echo "FAIL docx/$1${line#FAIL }"; any=1 ;;
      *) [ -n "$line" ] && printf '  %s\n' "$line" ;;
    esac
  done <<< "$3"
  if [ "$2" != 0 ] && ! grep -q '^FAIL ' <<< "$3"; then echo "FAIL docx/${1}checker (exit $2)"; fi
  [ $any = 1 ] || echo "FAIL docx/${1}checker (no result)"
}
only_files() { # DIR NAME...: DIR holds exactly these files
  local dir=$1; shift
  [ "$(ls -A "$dir" 2>/dev/null | sort | tr '\n' ' ')" = "$(printf '%s\n' "$@" | sort | tr '\n' ' ')" ]
}

# --- every golden plan and real plan -----------------------------------------
stems=()
for y in tests/golden/*.yaml plans/*.yaml; do
  stem=$(basename "$y" .yaml)
  out=$(timeout 60 "$K" build -q --format docx -o "$T/out-$stem" "$y" 2>&1); st=$?
  check "$stem/build" '[ "$st" = 0 ] && only_files "$T/out-$stem" "$stem.docx"'
  [ -s "$T/out-$stem/$stem.docx" ] || continue
  mkdir -p "$T/docx" && cp "$T/out-$stem/$stem.docx" "$T/docx/"
  stems+=("$stem")
  # kehoach's own PDF of the plan: the sections follow its parts
  "$K" build -q --format pdf -o "$T/pdf" "$y" 2>/dev/null
  res=$($PY tests/docxcheck.py "$T/docx/$stem.docx" "tests/golden/$stem.md" "$T/pdf/$stem.pdf" 2>&1); st=$?
  relay "$stem/" "$st" "$res"
done

# LibreOffice, once for all the files (one start-up).
lo=$T/lo
timeout 300 soffice --headless -env:UserInstallation="file://$T/lo-profile" --convert-to pdf \
  --outdir "$lo" "$T"/docx/*.docx > "$T/lo.log" 2>&1; lo_st=$?
for stem in "${stems[@]}"; do
  check "$stem/libreoffice" '[ "$lo_st" = 0 ] && [ -s "$lo/$stem.pdf" ] && ! grep -qi "error" "$T/lo.log"'
  [ -s "$lo/$stem.pdf" ] || continue
  seed=tests/seeds/$stem.txt; [ -f "$seed" ] || seed=
  res=$(python3 tests/pdfcheck.py --layout "$lo/$stem.pdf" $seed 2>&1); st=$?
  relay "$stem/lo-" "$st" "$res"
done

# Same input, same bytes (another time zone and locale); the times are
# SOURCE_DATE_EPOCH's.
for y in plans/tan-yen-2026.yaml tests/golden/features.yaml; do
  stem=$(basename "$y" .yaml)
  SOURCE_DATE_EPOCH=1767225600 "$K" build -q --format docx -o "$T/d1" "$y" 2>/dev/null
  TZ=Asia/Ho_Chi_Minh LC_ALL=C SOURCE_DATE_EPOCH=1767225600 "$K" build -q --format docx -o "$T/d2" "$y" 2>/dev/null
  dates=$($PY - "$T/d1/$stem.docx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(sorted({i.date_time for i in z.infolist()}), "2026-01-01T00:00:00Z" in z.read("docProps/core.xml").decode())
PY
)
  check "$stem/deterministic" 'cmp -s "$T/d1/$stem.docx" "$T/d2/$stem.docx" && [ "$dates" = "[(2026, 1, 1, 0, 0, 0)] True" ]'
  # Without SOURCE_DATE_EPOCH: no date in core.xml, the zip's 1980-01-01.
  env -u SOURCE_DATE_EPOCH "$K" build -q --format docx -o "$T/d3" "$y" 2>/dev/null
  env -u SOURCE_DATE_EPOCH "$K" build -q --format docx -o "$T/d4" "$y" 2>/dev/null
  check "$stem/deterministic-no-epoch" 'cmp -s "$T/d3/$stem.docx" "$T/d4/$stem.docx" && ! unzip -p "$T/d3/$stem.docx" docProps/core.xml | grep -q dcterms:created'
  # Test of the test: another epoch gives other bytes.
  SOURCE_DATE_EPOCH=1767312000 "$K" build -q --format docx -o "$T/d5" "$y" 2>/dev/null
  check "checker-deterministic-$stem" '! cmp -s "$T/d1/$stem.docx" "$T/d5/$stem.docx"'
  rm -rf "$T/d1" "$T/d2" "$T/d3" "$T/d4" "$T/d5"
done

# --- --format ----------------------------------------------------------------
EX=plans/ngok-bay-2025.yaml
out=$("$K" build -q --format md,pdf,docx -MD -o "$T/f1" $EX 2>&1); st=$?
check format-all '[ "$st" = 0 ] && only_files "$T/f1" ngok-bay-2025.md ngok-bay-2025.pdf ngok-bay-2025.docx ngok-bay-2025.d'
check format-depfile 'head -1 "$T/f1/ngok-bay-2025.d" | grep -q "^$T/f1/ngok-bay-2025.md $T/f1/ngok-bay-2025.pdf $T/f1/ngok-bay-2025.docx:"'
out=$("$K" build -q -MD -o "$T/f2" $EX 2>&1); st=$?
check format-default '[ "$st" = 0 ] && only_files "$T/f2" ngok-bay-2025.md ngok-bay-2025.pdf ngok-bay-2025.d && cmp -s "$T/f1/ngok-bay-2025.md" "$T/f2/ngok-bay-2025.md"'
out=$("$K" build -q --format=pdf -o "$T/f3" $EX 2>&1); st=$?
check format-one '[ "$st" = 0 ] && only_files "$T/f3" ngok-bay-2025.pdf'
out=$("$K" build -q --format docx,md -o "$T/f4" $EX 2>&1); st=$?
check format-docx-md '[ "$st" = 0 ] && only_files "$T/f4" ngok-bay-2025.md ngok-bay-2025.docx && cmp -s "$T/f1/ngok-bay-2025.md" "$T/f4/ngok-bay-2025.md"'
out=$("$K" build -q --format odt -o "$T/f5" $EX 2>&1); st=$?
check format-unknown '[ "$st" = 2 ] && [[ "$out" == *"unknown output format '"'"'odt'"'"'"* ]] && [[ "$out" == *"hint: kehoach --help"* ]] && [ ! -e "$T/f5" ]'
out=$("$K" build -q --format md,,pdf -o "$T/f5" $EX 2>&1); st=$?
check format-empty '[ "$st" = 2 ] && [ ! -e "$T/f5" ]'
out=$("$K" build --format 2>&1); st=$?
check format-missing-value '[ "$st" = 2 ]'
out=$("$K" --help 2>&1)
check format-help '[[ "$out" == *"--format"*"docx"* ]]'
# The verbose line says what the DOCX weighs.
out=$("$K" build -v --format docx -o "$T/f6" $EX 2>&1); st=$?
check format-verbose '[ "$st" = 0 ] && [[ "$out" == *"DOCX "*" bytes"* ]]'

# --- hostile inputs ----------------------------------------------------------
# A plan that fails leaves no file at all in its output directory (no
# partial DOCX, no temporary file); one that builds leaves exactly its DOCX.
hostile_dir() { # OUTDIR STATUS STEM: what a run left is right for its status
  if [ "$2" = 0 ]; then only_files "$1" "$3.docx"; else [ -z "$(ls -A "$1" 2>/dev/null)" ]; fi
}
bad=0 n=0
for y in tests/diag/*.yaml; do
  stem=$(basename "$y" .yaml)
  rm -rf "$T/h"; mkdir -p "$T/h"
  timeout 60 "$K" build -q --format docx -I tests/diag -o "$T/h" "$y" >/dev/null 2>"$T/h.err"; st=$?
  n=$((n + 1))
  if [ "$st" -gt 2 ] || ! hostile_dir "$T/h" "$st" "$stem"; then
    bad=$((bad + 1)); echo "  $y: exit $st, left: $(ls -A "$T/h" | tr '\n' ' ')"
  fi
done
check "hostile-diag-$n-plans" '[ "$bad" = 0 ]'
bad=0 n=0
for c in $(find tests/fuzz/crashes -type f ! -name 'template-*' | sort); do
  rm -rf "$T/h"; mkdir -p "$T/h"
  cp "$c" "$T/crash.yaml"
  timeout 60 "$K" build -q --format docx -I . --template-dir templates -o "$T/h" "$T/crash.yaml" >/dev/null 2>"$T/h.err"; st=$?
  n=$((n + 1))
  if [ "$st" -gt 2 ] || ! hostile_dir "$T/h" "$st" crash; then
    bad=$((bad + 1)); echo "  $c: exit $st: $(head -3 "$T/h.err")"
  fi
done
check "hostile-fuzz-crashers-$n" '[ "$bad" = 0 ]'
# Test of the test: a leftover file is seen.
mkdir -p "$T/h2" && : > "$T/h2/x.docx.tmp"
check checker-hostile '! hostile_dir "$T/h2" 1 x && ! hostile_dir "$T/h2" 0 x'
# libzip or libxml2 failing (an interposed zip_close or
# xmlTextWriterEndDocument that fails, LD_PRELOAD): a [docx] error, exit 1,
# no output of the plan written, the old ones kept, no temporary file.
cat > "$T/fail.c" <<'C'
#ifdef ZIP
struct zip;
int zip_close(struct zip *za) { (void)za; return -1; }
#else
struct _xmlTextWriter;
int xmlTextWriterEndDocument(struct _xmlTextWriter *w) { (void)w; return -1; }
#endif
C
"$K" build -q --format md,docx -o "$T/fail" $EX 2>/dev/null
cp "$T/fail/ngok-bay-2025.md" "$T/fail-old.md"
printf 'old' > "$T/fail/ngok-bay-2025.docx"
for lib in zip xml; do
  cc -shared -fPIC -o "$T/$lib-fail.so" $([ $lib = zip ] && echo -DZIP) "$T/fail.c" || continue
  out=$(LD_PRELOAD=$T/$lib-fail.so ASAN_OPTIONS=verify_asan_link_order=0:exitcode=99 \
        "$K" build -q --format md,docx -o "$T/fail" $EX 2>&1); st=$?
  want=$([ $lib = zip ] && echo libzip || echo libxml2)
  check "failure-$lib-reported" '[ "$st" = 1 ] && [[ "$out" == *"error: "*"($want"*"DOCX"*"[docx]"* ]]'
  check "failure-$lib-writes-nothing" 'only_files "$T/fail" ngok-bay-2025.md ngok-bay-2025.docx && [ "$(cat "$T/fail/ngok-bay-2025.docx")" = old ] && cmp -s "$T/fail-old.md" "$T/fail/ngok-bay-2025.md"'
done

# 30,000 references to 3,000 footnotes: linear, every note a Word footnote.
python3 - "$T/notes-bomb.yaml" <<'PY'
import re, sys
src = open('docs/example.yaml', encoding='utf-8').read()
notes = "footnotes:\n" + "".join("  - {id: fn-%d, text: Ghi chú %d.}\n" % (i, i) for i in range(3000))
intro = "intro: \"" + " ".join("chữ{note:fn-%d}" % (i % 3000) for i in range(30000)) + "\""
open(sys.argv[1], 'w', encoding='utf-8').write(re.sub(r'^intro:.*$', intro, src, count=1, flags=re.M) + notes)
PY
out=$(timeout 20 "$K" build -q --format docx -o "$T/bomb" "$T/notes-bomb.yaml" 2>&1); st=$?
notes=$(unzip -p "$T/bomb/notes-bomb.docx" word/footnotes.xml 2>/dev/null | grep -o '<w:footnote w:id="[1-9]' | wc -l)
refs=$(unzip -p "$T/bomb/notes-bomb.docx" word/document.xml 2>/dev/null | grep -o '<w:footnoteReference' | wc -l)
check hostile-many-footnotes '[ "$st" = 0 ] && [ "$notes" = 3000 ] && [ "$refs" = 3000 ]'

# --- the checkers fail on a DOCX made wrong on purpose -------------------------
# mutate IN OUT PART PYTHON-EXPR: OUT is IN with PART's text s replaced by EXPR.
mutate() {
  $PY - "$1" "$2" "$3" "$4" <<'PY'
import re, sys, zipfile
src, dst, part, expr = sys.argv[1:5]
zin = zipfile.ZipFile(src)
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename == part:
            s = data.decode("utf-8")
            s = eval(expr)
            data = s.encode("utf-8")
        zout.writestr(info, data)
PY
}
# --- a LibreOffice round trip, after an edit -------------------------------------
# The layout that must survive an officer's edit: the text of the header and
# of the title edited (longer lines), the file opened and saved again as DOCX
# by LibreOffice; margins, header fonts, the short rules (still centred
# under their text: equal indents), body styles and the end block stay.
if [ -s "$T/docx/features.docx" ] && [ -s "$T/docx/tan-yen-2026.docx" ]; then
  mkdir -p "$T/edit"
  mutate "$T/docx/features.docx" "$T/edit/features-edited.docx" word/document.xml \
    's.replace("KẾ HOẠCH</w:t>", "KẾ HOẠCH (DỰ THẢO LẦN 2)</w:t>").replace("Độc lập", "Độc lập ")'
  cp "$T/docx/tan-yen-2026.docx" "$T/edit/"
  timeout 300 soffice --headless -env:UserInstallation="file://$T/lo-profile" \
    --convert-to "docx:MS Word 2007 XML" --outdir "$T/roundtrip" \
    "$T/edit/features-edited.docx" "$T/edit/tan-yen-2026.docx" > "$T/rt.log" 2>&1
  for stem in features-edited tan-yen-2026; do
    res=$($PY tests/docxcheck.py --only margins,header,rules,body,endblock \
      "$T/roundtrip/$stem.docx" 2>&1); st=$?
    relay "roundtrip-$stem/" "$st" "$res"
  done
fi

wrong() { # NAME PART EXPR CHECK: docxcheck's CHECK fails on the mutated file
  local base=$T/docx/tan-yen-2026.docx what=$4
  mutate "$base" "$T/wrong-$1.docx" "$2" "$3"
  local res; res=$($PY tests/docxcheck.py "$T/wrong-$1.docx" tests/golden/tan-yen-2026.md 2>&1)
  check "checker-$1" 'grep -q "^FAIL $what" <<< "$res"'
}
if [ -s "$T/docx/tan-yen-2026.docx" ]; then
  # the checker passes the file as it is (else the cases below prove nothing)
  res=$($PY tests/docxcheck.py "$T/docx/tan-yen-2026.docx" tests/golden/tan-yen-2026.md 2>&1)
  check checker-baseline '! grep -q "^FAIL" <<< "$res"'
  wrong margins word/document.xml 's.replace("w:left=\"1701\"", "w:left=\"1134\"")' margins
  wrong landscape word/document.xml 's.replace("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>", "<w:pgSz w:w=\"11906\" w:h=\"16838\" w:orient=\"landscape\"/>")' margins
  wrong title-page word/document.xml 's.replace("<w:titlePg/>", "")' pagenum
  wrong page-field word/header1.xml 's.replace(" PAGE ", " DATE ")' pagenum
  wrong footnote-missing word/footnotes.xml 're.sub(r"<w:footnote w:id=\"2\">.*?</w:footnote>", "", s, flags=re.S)' footnotes
  wrong separator word/footnotes.xml 's.replace("w:type=\"separator\"", "w:type=\"normal\"")' footnotes
  wrong recipients-size word/styles.xml 're.sub(r"(w:styleId=\"NoiNhanDanhSach\".*?<w:sz w:val=\")22", r"\g<1>24", s, flags=re.S)' endblock
  wrong label-italic word/styles.xml 're.sub(r"(w:styleId=\"NoiNhan\".*?)<w:i/>", r"\1", s, count=1, flags=re.S)' endblock
  wrong authority-size word/styles.xml 're.sub(r"(w:styleId=\"CoQuan\".*?<w:sz w:val=\")26", r"\g<1>28", s, count=1, flags=re.S)' header
  wrong date-italic word/styles.xml 're.sub(r"(w:styleId=\"DiaDanhNgay\".*?)<w:i/>", r"\1", s, count=1, flags=re.S)' header
  wrong font word/styles.xml 's.replace("Times New Roman", "Arial")' header
  wrong no-rules word/document.xml 're.sub(r"<w:pBdr>.*?</w:pBdr>", "", s, flags=re.S)' rules
  wrong body-indent word/styles.xml 's.replace("w:firstLine=\"567\"", "w:firstLine=\"0\"")' body
  wrong auto-numbering word/document.xml 's.replace("<w:pStyle w:val=\"Heading1\"/>", "<w:pStyle w:val=\"Heading1\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>", 1)' body
  # the last body paragraph's keepNext (the last one before the end table)
  wrong keep word/document.xml '(lambda j: s[:j] + s[j + 13:])(s.rfind("<w:keepNext/>", 0, s.rfind("<w:tbl>", 0, s.find("Nơi nhận"))))' endblock
fi
# An appendix that is landscape in the PDF made portrait in the DOCX.
if [ -s "$T/docx/features.docx" ]; then
  mutate "$T/docx/features.docx" "$T/wrong-portrait.docx" word/document.xml \
    's.replace("<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>", "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>")'
  res=$($PY tests/docxcheck.py "$T/wrong-portrait.docx" tests/golden/features.md "$T/pdf/features.pdf" 2>&1)
  check checker-sections 'grep -q "^FAIL sections" <<< "$res" && ! grep -q "^FAIL margins" <<< "$res"'
fi
# One zip entry's time differs from the others'.
$PY - "$T/docx/tan-yen-2026.docx" "$T/wrong-time.docx" <<'PY'
import sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as zout:
    for n, info in enumerate(zin.infolist()):
        if n == 3:
            info.date_time = (2020, 5, 5, 0, 0, 0)
        zout.writestr(info, zin.read(info.filename))
PY
res=$($PY tests/docxcheck.py "$T/wrong-time.docx" 2>&1)
check checker-zip-time 'grep -q "^FAIL package" <<< "$res"'
# The LibreOffice checks: another plan's text is not similar to the seed;
# a PDF of the DOCX without the first-page difference shows a number on page 1.
if [ -s "$lo/ngok-bay-2025.pdf" ]; then
  res=$(python3 tests/pdfcheck.py --layout "$lo/ngok-bay-2025.pdf" tests/seeds/tan-yen-2026.txt 2>&1)
  check checker-lo-similarity 'grep -q "^FAIL similarity" <<< "$res"'
  timeout 120 soffice --headless -env:UserInstallation="file://$T/lo-profile" --convert-to pdf \
    --outdir "$T/lo-wrong" "$T/wrong-title-page.docx" > /dev/null 2>&1
  res=$(python3 tests/pdfcheck.py --layout "$T/lo-wrong/wrong-title-page.pdf" 2>&1)
  check checker-lo-pagenum 'grep -q "^FAIL pagenum" <<< "$res"'
fi
exit 0
