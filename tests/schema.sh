#!/usr/bin/env bash
# JSON Schema tests: schema/kehoach-plan.schema.json (plans) and
# schema/kehoach-catalog.schema.json (included catalogues) checked with a
# real validator, ajv-cli, against the real plans and catalogues, the golden
# and diag tests, and hand-made plans that `kehoach check` also judges.
# usage: tests/schema.sh TMPDIR   (prints "ok schema/NAME" or "FAIL schema/NAME")
#
# The validator lives in build/npm, installed locally (never globally) when
# missing, by the same command the Makefile uses:
#   npm install --prefix build/npm --no-audit --no-fund ajv-cli@5 ajv-formats
# and, for reading YAML, the npm package `yaml` in the same prefix:
#   npm install --prefix build/npm --no-audit --no-fund yaml
# YAML is converted to JSON with `yaml` (YAML 1.2, core schema: what the VS
# Code YAML extension reads), not with ajv-cli's own .yaml support: ajv-cli 5
# reads YAML with js-yaml 3's safeLoad, which turns an unquoted 2026-05-20
# into a Date object, and it does not read .inc catalogues.
#
# Which diag tests the schema must reject is read from their expected
# output (tests/diag/NAME.out), by rule id:
#   - FULL rules are structure, enforced by the schema everywhere: a test
#     with one of them must be rejected;
#   - PARTIAL rules are enforced by the schema except in places JSON Schema
#     cannot see (a {date:...} written inside Markdown text, a table row or
#     `widths` with the wrong number of cells, an include that escapes
#     through a symbolic link); a test with one of them must be rejected
#     unless it is listed in NOT_BY_SCHEMA;
#   - SKIP rules are YAML-level problems (syntax, duplicate keys, aliases,
#     bad UTF-8, size limits) that never reach a JSON validator: those tests
#     are skipped (the `yaml` package refuses most of them itself);
#   - any other rule (references, dates in order, lints, templates) leaves
#     the structure valid: such a test must validate.
set -u
T=$1; rm -rf "$T"; mkdir -p "$T/json" "$T/hand"
K=${KEHOACH:-./kehoach}
NPM=build/npm
AJV=$NPM/node_modules/.bin/ajv
PLAN_SCHEMA=schema/kehoach-plan.schema.json
CAT_SCHEMA=schema/kehoach-catalog.schema.json
FULL="unknown-key missing-key wrong-type invalid-id invalid-timing empty-plan"
PARTIAL="bad-value invalid-date include-path"
SKIP="yaml-syntax duplicate-key yaml-alias encoding too-deep too-long too-many-nodes file-too-large"
NOT_BY_SCHEMA="positions-refs"   # diag tests whose PARTIAL errors are all out of the schema's sight
# diag tests whose errors need the template (names under headings: and
# numbering: are its section ids and block names): valid to the schema
BY_TEMPLATE="unknown-part"

check() { # NAME 'CONDITION' [DETAIL]
  if eval "$2"; then echo "ok schema/$1"
  else echo "FAIL schema/$1"; [ -n "${3:-}" ] && printf '%s\n' "$3" | head -20 | sed 's/^/    /'; fi
  return 0
}

# The validator.
if [ ! -x "$AJV" ]; then
  npm install --prefix "$NPM" --no-audit --no-fund ajv-cli@5 ajv-formats >"$T/npm.log" 2>&1
fi
if [ ! -f "$NPM/node_modules/yaml/package.json" ]; then
  npm install --prefix "$NPM" --no-audit --no-fund yaml >>"$T/npm.log" 2>&1
fi
if [ ! -x "$AJV" ] || [ ! -f "$NPM/node_modules/yaml/package.json" ]; then
  echo "FAIL schema/setup"; sed 's/^/    /' "$T/npm.log" | tail -20; exit 0
fi
# patternErrorMessage and errorMessage are VS Code's message keywords: ajv
# in strict mode wants such annotation keywords declared.
cat > "$T/vscode-keywords.js" <<'JS'
module.exports = (ajv) => ajv.addVocabulary(["patternErrorMessage", "errorMessage"]);
JS
AJV_OPTS=(--spec=draft7 --strict=true --allow-union-types -c "$T/vscode-keywords.js")

# The schemas: JSON, and compiled by ajv in strict mode without a warning
# (union types, "type": ["string", "number"], are allowed: a YAML scalar may
# be any of them).
for s in "$PLAN_SCHEMA" "$CAT_SCHEMA"; do
  name=$(basename "$s" .schema.json)
  out=$(node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$s" 2>&1)
  check "$name/json" '[ -z "$out" ]' "$out"
done
out=$("$AJV" compile "${AJV_OPTS[@]}" -s "$PLAN_SCHEMA" 2>&1)
check kehoach-plan/strict '[ "$out" = "schema $PLAN_SCHEMA is valid" ]' "$out"
out=$("$AJV" compile "${AJV_OPTS[@]}" -s "$CAT_SCHEMA" -r "$PLAN_SCHEMA" 2>&1)
check kehoach-catalog/strict '[ "$out" = "schema $CAT_SCHEMA is valid" ]' "$out"

# Cases: "NAME KIND EXPECT FILE [RULE]", KIND plan or catalog, EXPECT valid
# or invalid; RULE (hand-made cases) is what `kehoach check` must report.
cases=$T/cases.txt; : > "$cases"
add() { echo "$*" >> "$cases"; }

has_rule() { # OUTFILE "RULES..."
  local r; for r in $2; do grep -qF "[$r]" "$1" && return 0; done; return 1
}

for y in plans/*.yaml docs/example.yaml tests/golden/*.yaml; do
  add "plan/$y" plan valid "$y"
done
for y in tests/diag/*.yaml; do
  n=$(basename "$y" .yaml); o=tests/diag/$n.out
  [ -f "$o" ] || continue
  if has_rule "$o" "$SKIP"; then continue
  elif [[ " $BY_TEMPLATE " == *" $n "* ]]; then add "diag/$n" plan valid "$y"
  elif has_rule "$o" "$FULL"; then add "diag/$n" plan invalid "$y"
  elif has_rule "$o" "$PARTIAL" && [[ " $NOT_BY_SCHEMA " != *" $n "* ]]; then add "diag/$n" plan invalid "$y"
  else add "diag/$n" plan valid "$y"; fi
done
for c in plans/danh-muc/*.yaml docs/danh-muc/*.yaml tests/golden/*.inc tests/diag/*.inc; do
  [ -f "$c" ] && add "catalog/$c" catalog valid "$c"
done

# Hand-made plans, from docs/example.yaml (which `kehoach check` passes
# without a word): one change each. RULE "-" means valid.
EX=docs/example.yaml
hand() { # NAME RULE  (the plan on stdin)
  cat > "$T/hand/$1.yaml"
  if [ "$2" = - ]; then add "hand/$1" plan valid "$T/hand/$1.yaml" -
  else add "hand/$1" plan invalid "$T/hand/$1.yaml" "$2"; fi
}
with() { cat "$EX"; printf '%s\n' "$@"; } # the example plus top-level lines
# (sed: only the first match)
first() { sed "0,/$1/s//$2/" "$EX"; }

with "titel: Kế hoạch"                              | hand unknown-top-level-key unknown-key
first "    lead: phong-vhxh" "    laed: phong-vhxh"   | hand task-misspelt-key unknown-key
first "  - id: t-truyen-thong" "  - id: t-truyen-thong\n    numbering: roman" | hand numbering-enum bad-value
with "numbering: {tasks: [number, roman]}"          | hand numbering-override-enum bad-value
first "to: 2026-06-30" "to: 2026-13-45"             | hand date-month-13 invalid-date
first 'date: "2026-03"' 'date: 2027-02-29'          | hand date-feb-29-not-leap invalid-date
first 'date: "2026-03"' 'date: "03-15"'             | hand date-annual-not-allowed invalid-date
first "deadline: {by: 2026-11-30}" 'deadline: {by: "2026-11"}' | hand timing-month-only invalid-date
first "    timing: thường xuyên" "    timing: {year: 2026}" | hand timing-no-kind invalid-timing
first "    timing: thường xuyên" "    timing: {quarters: IV-I, year: 2026}" | hand quarters-reversed invalid-timing
first "    timing: thường xuyên" "    timing: {quarters: II}" | hand quarters-no-year missing-key
first "    timing: thường xuyên" "    timing: {from: 2026-06-01}" | hand from-without-to missing-key
first "    timing: thường xuyên" "    timing: {when: soon, on: 2026-06-01}" | hand timing-unknown-key unknown-key
first "  period: 2026" "  period: 26"               | hand period-bad invalid-date
first "  period: 2026" "  period: 2026-"            | hand period-open-range invalid-date
first "  place: Minh Khai" "  place: Minh Khai\n  number: 05a" | hand document-number-text wrong-type
first "  place: Minh Khai" "  place: Minh Khai\n  number: 0" | hand document-number-zero wrong-type
first "  place: Minh Khai" "  place: Minh Khai\n  nmuber: 5" | hand document-misspelt-key unknown-key
first "  place: Minh Khai" "  place:"               | hand document-place-empty missing-key
first "request: true" "request: có"                 | hand request-not-boolean wrong-type
first "  - {id: cong-an, name: Công an xã}" "  - {id: Cong-an, name: Công an xã}" | hand id-upper-case invalid-id
first "  - {id: cong-an, name: Công an xã}" "  - {id: cong-an}" | hand agency-no-name missing-key
first "  - id: kh-12" "  - id: kh-12\n    nunber: 1" | hand document-misspelt-key-in-list unknown-key
sed '0,/^    number: 12\/KH-UBND$/{//d}' "$EX"       | hand document-no-number-no-name missing-key
first "    number: 12\/KH-UBND" "    number:"         | hand document-number-null missing-key
first "    date: 2022-11-14" '    date: "2022-11"'    | hand cited-document-month invalid-date
with "include: [../danh-muc/x.yaml]"                 | hand include-dotdot include-path
with "include: /etc/kehoach.yaml"                    | hand include-absolute include-path
first "  - {agency: cong-an}" "  - {purpose: b\/c}"   | hand recipient-no-name missing-key
first "  - {agency: cong-an}" "  - [cong-an]"         | hand recipient-list wrong-type
first "  - agency: cong-an" "  - agency: {id: cong-an}" | hand duty-agency-map wrong-type
first "  title: PHÓ CHỦ TỊCH" "  chuc_vu: PHÓ CHỦ TỊCH" | hand signature-misspelt-key unknown-key
with "kehoach: 2" | sed '0,/^kehoach: 1$/{/^kehoach: 1$/d}' | hand format-version bad-value
sed '/^document:/,/^agencies:/{/^document:/d;/^  /d}' "$EX" | hand no-document missing-key
sed 's/^archive: \[VT, VHXH\]/archive: {VT: 1}/' "$EX" | hand archive-map wrong-type
with "appendices:" "  - {title: Bảng, from: task}"  | hand appendix-from-bad bad-value
with "appendices:" "  - {title: Bảng}"              | hand appendix-no-columns missing-key
with "appendices:" "  - {title: Bảng, columns: [A, B], widths: [0, 1]}" | hand appendix-width-zero bad-value
with "appendices:" "  - {title: Bảng, columns: [A], landscape: ngang}" | hand appendix-landscape wrong-type
with "appendices:" "  - {title: Bảng, columns: [A], rows: [x]}" | hand appendix-row-scalar wrong-type
with "objectives:" "  specific:" "    - title: Mục tiêu 1" "      items: [x]" | hand objective-items unknown-key
with "objectives:" "  specific:" "    - indicators:" "        - {id: ct-x, target: {value: 5}}" | hand indicator-no-text missing-key
with "objectives:" "  specific:" "    - indicators:" "        - {text: x, target: {cmp: hơn, value: 5}}" | hand target-cmp bad-value
with "objectives:" "  specific:" "    - indicators:" "        - {text: x, target: {value: 75%}}" | hand target-value-percent wrong-type
with "objectives:" "  specific:" "    - indicators:" "        - {text: x, target: {value: 5, year: 30}}" | hand target-year invalid-date
with "objectives:" "  specific:" "    - indicators:" "        - {text: x, target: 75}" | hand target-scalar wrong-type
with "headings: [tasks]"                              | hand headings-list wrong-type

# ... and hand-made plans that must stay valid (the checker may still warn
# about them, but never for their structure).
first "deadline: {by: 2026-11-30}" 'deadline: {by: "02-29"}' | hand annual-leap-day -
first 'date: "2026-03"' 'date: 2028-02-29'          | hand leap-day -
first 'date: "2026-03"' 'date: "2026"'              | hand draft-year -
first "  place: Minh Khai" "  place: Minh Khai\n  number: \"05\"" | hand document-number-padded -
first "  period: 2026" "  period: 2026 – 2030"     | hand period-en-dash -
first "    timing: thường xuyên" "    timing: {quarters: II - IV, year: 2026}" | hand quarters-range -
first "    timing: thường xuyên" "    timing: {after: có hướng dẫn, on: không dùng}" | hand timing-after-wins -
first "    timing: thường xuyên" "    timing: ongoing" | hand timing-ongoing -
first "request: true" "request: yes"                | hand request-yes -
with "headings: {tasks: NỘI DUNG HOẠT ĐỘNG}" "numbering: {tasks: [number, letter], funding: dash}" | hand overrides -
with "appendices:" "  - {title: Bảng, from: tasks, columns: {bỏ: qua}}" | hand appendix-from-ignores-table -
with "appendices:" "  - {id: pl-lich, title: Lịch, columns: [TT, Nội dung], widths: [1, \"2.5\"], rows: [[\"1\", x]]}" | hand appendix-table -
with "objectives:" "  general: Mục tiêu chung." "  specific:" "    - Mục tiêu định tính." "    - title: Mục tiêu 1" "      indicators:" "        - {id: ct-x, text: \"x {target}\", target: {cmp: bằng, value: \"1,4\", unit: lần, year: 2030}}" "        - Chỉ tiêu định tính." | hand objectives -
sed -e '/^preamble:$/{N;s/\n  - / /}' -e 's/^archive: \[VT, VHXH\]/archive: VT/' "$EX" |
  cat - <(echo "closing: Trên đây là Kế hoạch.")     | hand scalars-for-lists -
first "  - {agency: cong-an}" "  - {agency: cong-an, name: Công an xã Minh Khai}" | hand recipient-both -

# Convert every YAML file to JSON (one node process for all of them).
: > "$T/convert.txt"
while read -r name kind expect file rule; do
  printf '%s\t%s\n' "$file" "$T/json/${name//\//__}.json" >> "$T/convert.txt"
done < "$cases"
node - "$T/convert.txt" "$NPM/node_modules/yaml" <<'JS' > "$T/convert.log" 2>&1
const fs = require("fs"), YAML = require(require("path").resolve(process.argv[3]));
for (const line of fs.readFileSync(process.argv[2], "utf8").split("\n")) {
  if (!line) continue;
  const [src, dst] = line.split("\t");
  const doc = YAML.parseDocument(fs.readFileSync(src, "utf8"), { version: "1.2", schema: "core", uniqueKeys: true });
  if (doc.errors.length) { console.log(`${src}: ${doc.errors[0].message}`); continue; }
  fs.writeFileSync(dst, JSON.stringify(doc.toJS()) + "\n");
}
JS

# Validate each kind in one ajv run; it prints "FILE valid" or "FILE invalid"
# and, with --errors=line, the errors of an invalid file on the next line.
validate() { # KIND SCHEMA [-r REF]
  local kind=$1 schema=$2; shift 2
  local args=()
  while read -r name k expect file rule; do
    local j=$T/json/${name//\//__}.json
    [ "$k" = "$kind" ] && [ -f "$j" ] && args+=(-d "$j")
  done < "$cases"
  [ ${#args[@]} = 0 ] && return
  "$AJV" validate "${AJV_OPTS[@]}" --errors=line -s "$schema" "$@" "${args[@]}" > "$T/ajv-$kind.txt" 2>&1
}
validate plan "$PLAN_SCHEMA"
validate catalog "$CAT_SCHEMA" -r "$PLAN_SCHEMA"

while read -r name kind expect file rule; do
  j=$T/json/${name//\//__}.json
  if [ ! -f "$j" ]; then
    check "$name" false "$(grep -F "$file:" "$T/convert.log")"; continue
  fi
  got=$(grep -m1 -E "^$j (valid|invalid)$" "$T/ajv-$kind.txt" | sed 's/.* //')
  detail=$(grep -A1 -F "$j invalid" "$T/ajv-$kind.txt" | tail -1 | cut -c1-600)
  ok=false; [ "$got" = "$expect" ] && ok=true
  # Hand-made plans: the C checker agrees (when it is built).
  if [ -n "${rule:-}" ] && [ -x "$K" ]; then
    "$K" check -I "$(dirname "$file")" "$file" > "$T/c.out" 2>&1
    if [ "$rule" = - ]; then
      has_rule "$T/c.out" "$FULL $PARTIAL" && ok=false
    else
      has_rule "$T/c.out" "$rule" || ok=false
    fi
    detail="$detail"$'\n'"kehoach check: $(grep -o '\[[a-z-]*\]' "$T/c.out" | sort -u | tr '\n' ' ')"
  fi
  check "$name" "$ok" "expected $expect, schema says ${got:-nothing}"$'\n'"$detail"
done < "$cases"
