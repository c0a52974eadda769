#!/usr/bin/env bash
# Command-line tests: exit statuses, outputs, hostile input.
# usage: tests/cli.sh TMPDIR   (run by tests/run.sh; prints "ok NAME" or "FAIL NAME")
set -u
T=$1; rm -rf "$T"; mkdir -p "$T"
K=${KEHOACH:-./kehoach}
EX=docs/example.yaml

check() { # NAME 'CONDITION' (a shell expression, evaluated)
  if eval "$2"; then echo "ok cli/$1"; else echo "FAIL cli/$1"; fi
}
has() { [[ "$1" == *"$2"* ]]; }

run() { # runs kehoach with a time limit; sets $out (stderr+stdout) and $st
  out=$(timeout 20 "$K" "$@" 2>&1); st=$?
}

run --version;            check version '[ "$st" = 0 ] && [[ "$out" == "kehoach "* ]]'
run --help;               check help '[ "$st" = 0 ] && has "$out" "kehoach check" && has "$out" "kiểm tra kế hoạch / validate plans"'
# --help follows the locale like the messages: vi_* Vietnamese only, en_*
# English only (placeholders too), anything else both.
help_vi=$(LC_ALL=vi_VN.UTF-8 "$K" --help); help_en=$(LC_ALL= LANGUAGE= LANG=en_US.UTF-8 "$K" check --help)
check help-locale '[[ "$help_vi" == *"kiểm tra kế hoạch"* && "$help_vi" != *"validate plans"* && "$help_en" == *"Usage:"* && "$help_en" == *"check [OPTIONS] FILE..."* && "$help_en" != *"kiểm tra"* ]]'
run;                      check no-command '[ "$st" = 2 ]'
run frobnicate x.yaml;    check bad-command '[ "$st" = 2 ]'
run check;                check no-file '[ "$st" = 2 ]'
run check --bogus $EX;    check bad-option '[ "$st" = 2 ]'
run check "$T/missing.yaml"
check missing-file '[ "$st" = 2 ] && [[ "$out" == "$T/missing.yaml: error: "*"[io]"* ]]'
run check "$T"
check directory '[ "$st" = 2 ] && [[ "$out" == *"error: "*"[io]"* ]]'
run check $EX;            check example-clean '[ "$st" = 0 ] && [ -z "$out" ]'

# build writes NAME.md; a failing build leaves the old output untouched.
run build -q -o "$T/out" $EX
check build-writes '[ "$st" = 0 ] && [ -s "$T/out/example.md" ] && [ -s "$T/out/example.pdf" ]'
cp "$T/out/example.md" "$T/good.md"
cp "$T/out/example.pdf" "$T/good.pdf"
sed 's/lead: phong-vhxh/lead: phong-vhxx/' $EX > "$T/example.yaml"
cp -r docs/danh-muc "$T/" 2>/dev/null
run build -q -o "$T/out" "$T/example.yaml"
check build-error-exit '[ "$st" = 1 ] && has "$out" "[unknown-ref]"'
check build-error-no-output 'cmp -s "$T/good.md" "$T/out/example.md" && cmp -s "$T/good.pdf" "$T/out/example.pdf"'
check no-temp-files '[ -z "$(ls "$T/out" | grep -Ev '\''^example\.(md|pdf)$'\'')" ]'
run build -q -o /dev/full/x $EX
check unwritable-dir '[ "$st" = 2 ] && has "$out" "[io]"'
run check $EX "$T/example.yaml"
check many-files-status '[ "$st" = 1 ]'

# Hostile input: a diagnostic with a rule id, exit 1 or 2, no crash, bounded time.
hostile() { # NAME FILE
  run check "$2"
  check "hostile-$1" '[ "$st" = 1 -o "$st" = 2 ] && [[ "$out" == *"error: "*"["*"]"* ]]'
}
: > "$T/empty.yaml";                               hostile empty "$T/empty.yaml"
printf 'template: x\n\tdocument: 1\n' > "$T/tab.yaml"; hostile tab "$T/tab.yaml"
printf 'template: "x\n' > "$T/quote.yaml";           hostile quote "$T/quote.yaml"
printf 'template: \xff\xfe\n' > "$T/utf8.yaml";      hostile invalid-utf8 "$T/utf8.yaml"
printf 'template: a\0b\n' > "$T/nul.yaml";           hostile nul "$T/nul.yaml"
printf -- '- a\n- b\n' > "$T/list.yaml";             hostile root-list "$T/list.yaml"
printf 'hello\n' > "$T/scalar.yaml";                 hostile root-scalar "$T/scalar.yaml"
python3 -c "print('a: ' + '['*200000 + ']'*200000)" > "$T/deep.yaml"; hostile deep "$T/deep.yaml"
python3 - "$T/bomb.yaml" <<'PY'
import sys
lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
for i in range(1, 10):
    lines.append(f'a{i}: &a{i} [' + ','.join([f'*a{i-1}'] * 9) + ']')
open(sys.argv[1], 'w').write('\n'.join(lines) + '\n')
PY
hostile alias-bomb "$T/bomb.yaml"
python3 -c "import sys; sys.stdout.write('template: ' + 'x'*(20<<20) + '\n')" > "$T/big.yaml"; hostile big-scalar "$T/big.yaml"
python3 -c "import sys; sys.stdout.write('template: \"' + 'x'*(2<<20) + '\"\n')" > "$T/long.yaml"; hostile long-scalar "$T/long.yaml"

# The documentation's complete example is docs/example.yaml, word for word.
python3 - <<'PY' && echo "ok cli/doc-example-in-sync" || echo "FAIL cli/doc-example-in-sync"
import sys
doc = open('docs/plan-format.md', encoding='utf-8').read()
i = doc.index('Tệp `docs/example.yaml`')
a = doc.index('```yaml\n', i) + 8
b = doc.index('```\n', a)
ex = open('docs/example.yaml', encoding='utf-8').read()
sys.exit(0 if ex.split('\n', 1)[1] == doc[a:b] else 1)
PY

# Diagnostics formats: JSON lines, SARIF 2.1.0, GitHub workflow commands.
python3 - "$K" <<'PY' && echo "ok cli/format-json" || echo "FAIL cli/format-json"
import json, subprocess, sys
out = subprocess.run([sys.argv[1], 'check', '--diagnostics-format=json', 'tests/diag/unknown-ref.yaml'],
                     capture_output=True, text=True)
lines = [json.loads(l) for l in out.stdout.splitlines()]
assert out.returncode == 1 and len(lines) == 5, out
assert lines[0]['rule'] == 'unknown-ref' and lines[0]['line'] == 14 and lines[0]['column'] == 15
assert lines[0]['fixit'] == 'nq-28' and lines[0]['notes']
PY
python3 - "$K" <<'PY' && echo "ok cli/format-sarif" || echo "FAIL cli/format-sarif"
import json, subprocess, sys
out = subprocess.run([sys.argv[1], 'check', '--diagnostics-format=sarif',
                      'tests/diag/unknown-ref.yaml', 'tests/diag/dates-order.yaml'],
                     capture_output=True, text=True)
log = json.loads(out.stdout)
assert log['version'] == '2.1.0'
run = log['runs'][0]
ids = {r['id'] for r in run['tool']['driver']['rules']}
res = run['results']
assert len(res) == 7 and all(r['ruleId'] in ids for r in res)
reg = res[0]['locations'][0]['physicalLocation']['region']
assert reg['startLine'] >= 1 and reg['endColumn'] > reg['startColumn']
assert {r['level'] for r in res} == {'error', 'warning'}
PY
# SARIF against the SARIF 2.1.0 schema, with what GitHub code scanning asks of
# every rule (fullDescription, help, helpUri from docs/rules.md): the log of
# every tests/diag plan, and three logs made wrong on purpose that the
# validator must refuse (a bad level, a rule without helpUri, one without help).
"$K" check -I tests/diag --diagnostics-format=sarif tests/diag/*.yaml > "$T/all.sarif" 2>/dev/null
python3 - "$T/all.sarif" "$T" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
for name, spoil in (("level", lambda r: r["results"][0].update(level="fatal")),
                    ("uri", lambda r: r["tool"]["driver"]["rules"][3].pop("helpUri")),
                    ("help", lambda r: r["tool"]["driver"]["rules"][7]["help"].pop("markdown"))):
    bad = json.loads(json.dumps(log))
    spoil(bad["runs"][0])
    json.dump(bad, open(f"{sys.argv[2]}/bad-{name}.sarif", "w"))
PY
node tests/sarif.js "$T/all.sarif" >"$T/sarif.log" 2>&1; sarif_ok=$?
sarif_bad=0
for b in level uri help; do node tests/sarif.js "$T/bad-$b.sarif" >/dev/null 2>&1 && sarif_bad=1; done
check sarif-schema '[ "$sarif_ok" = 0 ] && [ "$sarif_bad" = 0 ] && [ "$(grep -c "\"helpUri\"" "$T/all.sarif")" -ge 1 ]'
out=$("$K" check --diagnostics-format=github tests/diag/dates-order.yaml 2>/dev/null)
check format-github '[[ "$out" == *"::error file=tests/diag/dates-order.yaml,line=12,col=13,"*"title=range-order::"* ]] && has "$out" "| \`range-order\` | 1 | 0 |"'
run check --diagnostics-format=xml $EX; check format-unknown '[ "$st" = 2 ]'
run check -Wno-deadline-period tests/diag/dates-order.yaml
check wno-silences '! has "$out" "deadline-period" && [ "$st" = 1 ]'
run check -Werror=deadline-period tests/diag/dates-order.yaml
check werror-rule '[[ "$out" == *"error: thời hạn"*"[deadline-period]"* ]]'
run check -Wnonsense $EX; check w-unknown-rule '[ "$st" = 2 ]'
# syllable is an error by default; -Wsyllable makes it a warning, -Wno- silences it.
run check tests/diag/rule-syllable.yaml
check syllable-error '[ "$st" = 1 ] && [[ "$out" == *"error: "*"tuyeen"*"[syllable]"* ]]'
run check -Wsyllable tests/diag/rule-syllable.yaml
check syllable-warning '[ "$st" = 0 ] && [[ "$out" == *"warning: "*"tuyeen"*"[syllable]"* ]] && ! has "$out" "error: "'
run check -Wno-syllable tests/diag/rule-syllable.yaml
check syllable-silenced '[ "$st" = 0 ] && ! has "$out" "[syllable]"'
# spelling: without the dictionary's files the rule is silently unavailable.
out=$(KEHOACH_HUNSPELL_DIR="$T/no-dictionary" "$K" check tests/diag/rule-spelling.yaml 2>&1); st=$?
check spelling-no-dictionary '[ "$st" = 1 ] && ! has "$out" "[spelling]" && has "$out" "[syllable]"'
run check -Wno-spelling tests/diag/rule-spelling.yaml
check spelling-silenced '! has "$out" "[spelling]" && has "$out" "[syllable]"'
run check tests/diag/rule-spelling.yaml
check spelling-on '[[ "$out" == *"nhiềm"*"[spelling]"* ]]'
# The spelling cache: Hunspell's answers (and suggestions) kept in the user's
# cache directory under the dictionary's stamps. The first run stores them,
# a later one gives the same diagnostics without loading the dictionary (a
# dictionary spoilt in place, its size and time kept, goes unnoticed), a
# dictionary that changes is read again, a damaged file is a miss and is
# rewritten, KEHOACH_SPELL_CACHE=off writes none.
sc="$T/spellcache"; mkdir -p "$sc/dict"
cp /usr/share/hunspell/vi_VN.aff /usr/share/hunspell/vi_VN.dic "$sc/dict/"
spellrun() { # CACHE-DIR: check rule-spelling.yaml with the copied dictionary
  out=$(KEHOACH_HUNSPELL_DIR="$sc/dict" XDG_CACHE_HOME="$1" KEHOACH_SPELL_CACHE=${SCOFF:-} \
        timeout 20 "$K" check tests/diag/rule-spelling.yaml 2>&1); st=$?
}
SCOFF=off spellrun "$sc/none"; nocache=$out
check spell-cache-off '[ "$st" = 1 ] && has "$out" "[spelling]" && [ ! -e "$sc/none" ]'
spellrun "$sc/c"
check spell-cache-stored '[ "$out" = "$nocache" ] && grep -qsP "^0 nhiềm\tnhiễm$" "$sc"/c/kehoach/spell-* && grep -qsx "1 thực" "$sc"/c/kehoach/spell-*'
cp -p "$sc/dict/vi_VN.dic" "$sc/good.dic"
head -c "$(stat -c %s "$sc/dict/vi_VN.dic")" /dev/zero | dd of="$sc/dict/vi_VN.dic" conv=notrunc status=none
touch -r "$sc/good.dic" "$sc/dict/vi_VN.dic"
spellrun "$sc/c"
check spell-cache-used '[ "$out" = "$nocache" ]'
cp "$sc/good.dic" "$sc/dict/vi_VN.dic"; echo nhiềm >> "$sc/dict/vi_VN.dic"
spellrun "$sc/c"
check spell-cache-dictionary-changed '[ "$st" = 1 ] && ! has "$out" "[spelling]" && has "$out" "[syllable]"'
cp -p "$sc/good.dic" "$sc/dict/vi_VN.dic"
for f in "$sc"/c/kehoach/spell-*; do printf 'kehoach-spell-cache 1\ngarbage\n' > "$f"; done
spellrun "$sc/c"
check spell-cache-damaged '[ "$out" = "$nocache" ] && grep -qsx end "$sc"/c/kehoach/spell-*'
sed 's/    timing: {by: 2027-01-15}/    timing: {by: 2027-01-15}  # kehoach: ignore deadline-period/' tests/diag/dates-order.yaml > "$T/suppressed.yaml"
run check "$T/suppressed.yaml"
check suppress-comment '! has "$out" "deadline-period" && [[ "$out" == *range-order* ]]'

# make install into a temporary prefix: the installed kehoach finds its
# templates, the man page renders without warnings, uninstall removes all.
make -s -o kehoach install DESTDIR="$T/inst" PREFIX=/usr >/dev/null 2>&1
out=$(cd "$T" && "$T/inst/usr/bin/kehoach" check "$OLDPWD/docs/example.yaml" 2>&1); st=$?
check install-runs '[ "$st" = 0 ] && [ -f "$T/inst/usr/share/kehoach/templates/hang-nam.tmpl" ]'
warn=$(groff -k -man -Tutf8 -ww "$T/inst/usr/share/man/man1/kehoach.1" 2>&1 >/dev/null)
check man-page '[ -z "$warn" ] && [ -s "$T/inst/usr/share/man/man1/kehoach.1" ]'
warn=$(groff -k -man -Tutf8 -ww "$T/inst/usr/share/man/man5/kehoach-plan.5" 2>&1 >/dev/null)
# no control character in the pages' source (a form feed once stood for \f)
check man-source-clean '! LC_ALL=C grep -q "[[:cntrl:]]" man/kehoach.1 man/kehoach-plan.5'
check man-page-format '[ -z "$warn" ] && groff -k -man -Tutf8 -P-cbou "$T/inst/usr/share/man/man5/kehoach-plan.5" 2>/dev/null | grep -q "signature"'
check install-schema 'cmp -s schema/kehoach-plan.schema.json "$T/inst/usr/share/kehoach/schema/kehoach-plan.schema.json" && cmp -s schema/kehoach-catalog.schema.json "$T/inst/usr/share/kehoach/schema/kehoach-catalog.schema.json"'
make -s uninstall DESTDIR="$T/inst" PREFIX=/usr >/dev/null 2>&1
check uninstall '[ -z "$(find "$T/inst" -type f)" ]'

# kehoach new: a starting plan that passes check and renders, per template.
for t in hang-nam chien-luoc; do
  run new --template $t --set "commune=Hà Bắc" --set year=2027 --set "province=thành phố Hải Phòng" -o "$T/new-$t.yaml"
  check "new-$t" '[ "$st" = 0 ] && [ -z "$("$K" check "$T/new-$t.yaml" 2>&1)" ] && "$K" build -q -o "$T/new-out" "$T/new-$t.yaml" 2>/dev/null && grep -q "Hà Bắc" "$T/new-out/new-$t.md"'
done
run new --template hang-nam -o "$T/new-hang-nam.yaml"; check new-no-overwrite '[ "$st" = 2 ]'
run new --template nope -o "$T/new-x.yaml"; check new-unknown-template '[ "$st" = 2 ] && [ ! -e "$T/new-x.yaml" ]'
run new --set color=red -o "$T/new-y.yaml"; check new-bad-setting '[ "$st" = 2 ] && [ ! -e "$T/new-y.yaml" ]'

# PDF: with no usable font, the build fails with [font-missing] and writes
# neither output; a plan character the font lacks is a warning at its line.
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s/nofonts</dir><cachedir>%s/fccache</cachedir></fontconfig>\n' "$T" "$T" > "$T/fonts.conf"
mkdir -p "$T/nofonts"
out=$(FONTCONFIG_FILE="$T/fonts.conf" timeout 20 "$K" build -q -o "$T/nofont-out" $EX 2>&1); st=$?
check pdf-font-missing '[ "$st" = 1 ] && has "$out" "[font-missing]" && [ ! -e "$T/nofont-out/example.md" ] && [ ! -e "$T/nofont-out/example.pdf" ]'
# Without Times New Roman and Liberation Serif, Tinos (fonts-croscore) sets
# the PDF: its four faces embedded as subsets, every PDF check passing.
tinos=$(fc-list --format '%{file}\n' 'Tinos' 2>/dev/null | head -1)
if [ -n "$tinos" ]; then
  printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s/fccache-tinos</cachedir></fontconfig>\n' "$(dirname "$tinos")" "$T" > "$T/tinos.conf"
  out=$(FONTCONFIG_FILE="$T/tinos.conf" timeout 30 "$K" build -q -o "$T/tinos-out" $EX 2>&1); st=$?
  fonts=$(pdffonts "$T/tinos-out/example.pdf" 2>&1)
  checks=$(python3 tests/pdfcheck.py "$T/tinos-out/example.pdf" 2>&1)
  check pdf-font-tinos '[ "$st" = 0 ] && has "$fonts" "+Tinos" && ! has "$fonts" "Liberation" && ! has "$checks" "FAIL"'
fi
# The font cache: the first build asks fontconfig and stores its choice;
# the next takes it from the cache, with the same PDF; a font directory
# that changes (Liberation Serif added next to Tinos) makes fontconfig
# choose again; a damaged cache file is a miss, and is rewritten;
# KEHOACH_FONT_CACHE=off writes none.
if [ -n "$tinos" ]; then
  fc="$T/fontcache"; mkdir -p "$fc/fonts" "$fc/cache"
  cp "$(dirname "$tinos")"/Tinos-*.ttf "$fc/fonts/"
  printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s/fccache</cachedir></fontconfig>\n' "$fc/fonts" "$fc" > "$fc/fonts.conf"
  fcbuild() { # OUTDIR: a verbose build in the test's font setting
    out=$(FONTCONFIG_FILE="$fc/fonts.conf" XDG_CACHE_HOME="$fc/cache" KEHOACH_FONT_CACHE=${FCOFF:-} \
          timeout 30 "$K" build -v -o "$1" $EX 2>&1); st=$?
  }
  fcbuild "$fc/a"
  check font-cache-stored '[ "$st" = 0 ] && has "$out" "font Tinos, " && grep -qs "^family Tinos$" "$fc"/cache/kehoach/fonts-*'
  fcbuild "$fc/b"
  check font-cache-used '[ "$st" = 0 ] && has "$out" "font Tinos (cached)" && cmp -s "$fc/a/example.pdf" "$fc/b/example.pdf"'
  lib=$(fc-list --format '%{file}\n' 'Liberation Serif' 2>/dev/null | head -1)
  if [ -n "$lib" ]; then
    cp "$(dirname "$lib")"/LiberationSerif-*.ttf "$fc/fonts/"
    fcbuild "$fc/c"
    fonts=$(pdffonts "$fc/c/example.pdf" 2>&1)
    check font-cache-font-added '[ "$st" = 0 ] && has "$out" "font Liberation Serif, " && has "$fonts" "+LiberationSerif" && ! has "$fonts" "Tinos"'
  fi
  for f in "$fc"/cache/kehoach/fonts-*; do printf 'kehoach-font-cache 1\ngarbage\n' > "$f"; done
  fcbuild "$fc/d"
  check font-cache-damaged '[ "$st" = 0 ] && ! has "$out" "(cached)" && grep -qs "^end$" "$fc"/cache/kehoach/fonts-*'
  # A good file with a NUL byte put in a line, and one cut short.
  for f in "$fc"/cache/kehoach/fonts-*; do
    python3 -c 'import sys; p = sys.argv[1]; d = open(p, "rb").read(); i = d.index(b"\nface ") + 3; open(p, "wb").write(d[:i] + b"\0" + d[i:])' "$f"
  done
  fcbuild "$fc/d"
  check font-cache-nul '[ "$st" = 0 ] && ! has "$out" "(cached)"'
  for f in "$fc"/cache/kehoach/fonts-*; do head -c 300 "$f" > "$f.cut" && mv "$f.cut" "$f"; done
  fcbuild "$fc/d"
  check font-cache-cut '[ "$st" = 0 ] && ! has "$out" "(cached)"'
  rm -rf "$fc/cache"; FCOFF=off fcbuild "$fc/e"
  check font-cache-off '[ "$st" = 0 ] && ! has "$out" "(cached)" && ! ls "$fc"/cache/kehoach/fonts-* >/dev/null 2>&1'
fi
sed '9s/$/ ☃/' $EX > "$T/glyph.yaml"
run build -q -o "$T/glyph-out" "$T/glyph.yaml"
check pdf-missing-glyph '[ "$st" = 0 ] && has "$out" "glyph.yaml:9:68: warning:" && has "$out" "[missing-glyph]" && has "$out" "U+2603" && [ -s "$T/glyph-out/glyph.pdf" ]'
# A character beyond the BMP: the same warning, drawn as .notdef (never a
# silent space), and the text layer keeps it (a surrogate pair in ToUnicode).
sed '9s/$/ 😀/' $EX > "$T/astral.yaml"
run build -q -o "$T/astral-out" "$T/astral.yaml"
check pdf-astral-char '[ "$st" = 0 ] && has "$out" "U+1F600" && has "$out" "[missing-glyph]" && pdftotext "$T/astral-out/astral.pdf" - | grep -q "năm 2026 😀"'
# The decree's layout checks (tests/nd30check.py) on plans of the benchmark
# corpus (bench/gen-corpus.py, deterministic) that once broke them: in
# bac-dong-2026 a five-line khoản title was cut by a page break (one
# generated plan in five had a heading cut so), cam-loi-2025 has a loose
# justified line.
python3 bench/gen-corpus.py --plans plans --out "$T/corpus" -n 150 > /dev/null
run build -q -o "$T/corpus-out" "$T/corpus/corpus/bac-dong-2026.yaml" "$T/corpus/corpus/cam-loi-2025.yaml"
nd30=$(for f in "$T"/corpus-out/*.pdf; do python3 tests/nd30check.py "$f"; done 2>&1)
check pdf-corpus-nd30 '[ "$st" = 0 ] && [ "$(grep -c "^ok nd30/" <<< "$nd30")" = 38 ] && ! has "$nd30" "FAIL"'
# A template's names are checked against the plan's vocabulary (parts.c)
# when it is read, each with the nearest name it could mean: conditions,
# block names, variables; and filters.
mkdir -p "$T/tpl-bad"
sed -e 's/^@if intro$/@if intor/; s/^@block tasks /@block taks /; s/{{title|lc1}}/{{titel|lc1}} {{title|lower}}/' templates/hang-nam.tmpl > "$T/tpl-bad/hang-nam.tmpl"
run check --template-dir "$T/tpl-bad" $EX
check template-names '[ "$st" = 1 ] && has "$out" "hang-nam.tmpl:14:1: error: điều kiện lạ '"'intor'"'" && has "$out" "did you mean '"'intro'"'" && has "$out" "unknown plan part '"'taks'"'" && has "$out" "did you mean '"'tasks'"'" && has "$out" "unknown template variable '"'{{titel}}'"'" && has "$out" "did you mean '"'title'"'" && has "$out" "unknown template filter '"'lower'"'"'

# A missing glyph is reported where that character is written: in a title
# line (as its \u escape), in an agency's name (a flow mapping) wherever the
# name is printed, on the second line of a folded block; not in a comment,
# not at the first place the file holds the character.
cat > "$T/glyphs.yaml" <<'PLAN'
# ☃ in a comment is not where a character of the document comes from
template: hang-nam
document:
  authority: Ủy ban nhân dân xã Tân Yên
  place: Tân Yên
  date: "2026-05"
  title:
    - Thực hiện công tác bình đẳng giới
    - "năm 2026 \u2603"
  period: 2026
signature: {title: CHỦ TỊCH, name: Thân Tuấn Anh}
agencies:
  - {id: phong-vhxh, name: "Phòng Văn hóa ☃ Xã hội"}
purpose:
  - >
    Gấp dòng
    thứ hai ☃ ở đây.
tasks:
  - title: Tuyên truyền
    lead: phong-vhxh
    timing: thường xuyên
organization:
  - agency: phong-vhxh
    items: [Chủ trì.]
recipients:
  - {agency: phong-vhxh}
archive: [VT, VHXH]
PLAN
run build -q -o "$T/glyphs-out" "$T/glyphs.yaml"
glyph_at=$(printf '%s\n' "$out" | grep -oE '^[^ ]*glyphs.yaml:[0-9]+:[0-9]+: (warning|note: cũng ở đây)' | sed 's/.*glyphs.yaml://; s/: warning//; s/: note: .*//' | sort -u | tr '\n' ' ')
check pdf-missing-glyph-positions '[ "$st" = 0 ] && [ "$glyph_at" = "13:43 17:13 9:17 " ]'

# Grouped diagnostics: a message said three times or more in one file prints
# once with its other places as notes (tests/diag/grouped.out); -v prints
# every one in full, JSON and SARIF list every place.
run check tests/diag/grouped.yaml
grouped_full=$(printf '%s\n' "$out" | grep -c 'warning: .*doubled-word')
grouped_notes=$(printf '%s\n' "$out" | grep -c 'note: cũng ở đây / also here')
run check -v tests/diag/grouped.yaml
verbose_full=$(printf '%s\n' "$out" | grep -c 'warning: .*doubled-word')
run check --diagnostics-format=json tests/diag/grouped.yaml
json_all=$(printf '%s\n' "$out" | grep -o '"rule":"doubled-word"' | wc -l)
check diag-grouping '[ "$grouped_full" = 1 ] && [ "$grouped_notes" = 3 ] && [ "$verbose_full" = 6 ] && [ "$json_all" = 6 ]'

# A draft's number is left blank (empty, ~, null, Null, NULL: YAML's null):
# "Số:    /KH-UBND"; a number prints as written.
for v in "" "~" "Null" "NULL"; do
  sed "5a\\  number: $v" $EX > "$T/draft.yaml"
  run build -q -o "$T/draft-out" "$T/draft.yaml"
  check "draft-number-${v:-empty}" '[ "$st" = 0 ] && grep -q "Số:      /KH-UBND" "$T/draft-out/draft.md"'
done
sed "5a\\  number: 12" $EX > "$T/draft.yaml"
run build -q -o "$T/draft-out" "$T/draft.yaml"
check draft-number-12 '[ "$st" = 0 ] && grep -q "Số: 12/KH-UBND" "$T/draft-out/draft.md"'

# --fix: the safe fix-its (NFC, doubled words, the date zero rule) rewrite
# the plan in place, only those bytes; tests/fix/NAME.yaml is what
# tests/diag/NAME.yaml becomes. What cannot be fixed says why.
mkdir -p "$T/fix"
for f in tests/fix/*.yaml; do
  n=$(basename "$f"); cp "tests/diag/$n" "$T/fix/$n"
  run check --fix "$T/fix/$n"
  check "fix-${n%.yaml}" '[ "$st" = 0 ] && has "$out" "fixed in the file" && cmp -s "$f" "$T/fix/$n"'
done
run check "$T/fix/rule-doubled-word.yaml" "$T/fix/rule-date-zero.yaml" "$T/fix/rule-not-nfc.yaml"
check fix-idempotent '[ "$(grep -c "warning:" <<< "$out")" = 1 ] && has "$out" "rule-doubled-word.yaml:15:29"'
cp tests/diag/rule-doubled-word.yaml "$T/fix/again.yaml"
run check --fix "$T/fix/again.yaml"
check fix-says-why '[ "$st" = 0 ] && has "$out" "cannot be fixed automatically"'
run check "$T/fix/rule-date-zero.yaml"
check fix-no-temp-files '[ -z "$(ls "$T/fix" | grep -v "\.yaml$")" ]'

# Message language: both parts by default (C locale), the English part for
# en_*, the Vietnamese part for vi_*, from the gettext catalogue po/vi.po
# (xgettext -> po/extract.py -> po/kehoach.pot; msgmerge; msgfmt).
sed 's/lead: phong-vhxh/lead: phong-vhxx/' $EX > "$T/lang.yaml"
out=$(LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 "$K" check "$T/lang.yaml" 2>&1)
check lang-en 'has "$out" "error: unknown agency '\''phong-vhxx'\'' [unknown-ref]" && ! has "$out" "chưa được định nghĩa" && has "$out" "kehoach: 2 errors, 0 warnings"'
out=$(LC_ALL= LC_MESSAGES= LANG=vi_VN.UTF-8 "$K" check "$T/lang.yaml" 2>&1)
check lang-vi 'has "$out" "error: cơ quan '\''phong-vhxx'\'' chưa được định nghĩa [unknown-ref]" && ! has "$out" "unknown agency" && has "$out" "kehoach: 2 lỗi, 0 cảnh báo"'
# The translation files in the repository keep up with the sources: the
# template xgettext and po/extract.py make now is po/kehoach.pot, and
# po/vi.po translates every message of it ('make update-po' fixes both).
po_out=$(make -s build/po/kehoach.pot 2>&1); st=$?
check po-template-current '[ "$st" = 0 ] && cmp -s build/po/kehoach.pot po/kehoach.pot || { echo "$po_out" | head -5; echo "po/kehoach.pot lags the sources: make update-po"; false; }'
check po-vi-complete 'msgcmp po/vi.po po/kehoach.pot 2>/dev/null && msgfmt --check -o /dev/null po/vi.po 2>/dev/null'
# The Vietnamese text really comes from the catalogue: a catalogue with
# another wording, in a vi_VN locale built for the test, changes the message.
mkdir -p "$T/loc" "$T/locale/vi/LC_MESSAGES"
sed 's/^msgstr "%s '\''%s'\'' chưa được định nghĩa"$/msgstr "KHÔNG CÓ %s '\''%s'\''"/' po/vi.po > "$T/alt.po"
if localedef -i vi_VN -f UTF-8 "$T/loc/vi_VN.UTF-8" 2>/dev/null &&
   msgfmt -o "$T/locale/vi/LC_MESSAGES/kehoach.mo" "$T/alt.po"; then
  out=$(LOCPATH="$T/loc" KEHOACH_LOCALEDIR="$T/locale" LC_ALL= LANG=vi_VN.UTF-8 "$K" check "$T/lang.yaml" 2>&1)
  check lang-vi-gettext 'has "$out" "error: KHÔNG CÓ cơ quan '\''phong-vhxx'\'' [unknown-ref]"'
else
  check lang-vi-gettext 'false'
fi

# A megabyte on one line (a flow sequence of a million items) is read in
# linear time: positions come from libyaml's marks without rescanning the
# line for every node.
python3 -c 'import sys; sys.stdout.write("a: [" + ",".join(["1"] * 1000001) + "]\n")' > "$T/one-line.yaml"
out=$(timeout 10 "$K" check "$T/one-line.yaml" 2>&1); st=$?
check one-line-million '[ "$st" = 1 ] && has "$out" "[too-many-nodes]"'
# Limits (docs/plan-format.md, "Giới hạn / limits"): each is an error with
# its own rule id, in bounded time; inputs are generated here, not committed.
limit() { # NAME RULE FILE [ARGS...]: check reports RULE
  local n=$1 r=$2; shift 2
  run check "$@"
  check "limit-$n" '[ "$st" = 1 ] && has "$out" "[$r]"'
}
python3 -c "import sys; sys.stdout.write('template: hang-nam\n' + '#' * (8 << 20) + '\n')" > "$T/l-size.yaml"
limit input-size file-too-large "$T/l-size.yaml"
python3 -c "import sys; sys.stdout.write('template: hang-nam\n#' + 'x' * ((8 << 20) - 21) + '\n')" > "$T/l-size-ok.yaml"
run check "$T/l-size-ok.yaml"; check limit-input-size-at-limit '[ "$(stat -c %s "$T/l-size-ok.yaml")" = $((8 << 20)) ] && ! has "$out" "[file-too-large]"'
python3 -c "print('a: ' + '[' * 64 + ']' * 64)" > "$T/l-deep.yaml";  limit depth too-deep "$T/l-deep.yaml"
python3 -c "print('a: ' + '[' * 63 + ']' * 63)" > "$T/l-deep-ok.yaml"
run check "$T/l-deep-ok.yaml"; check limit-depth-at-limit '[ "$st" = 1 ] && ! has "$out" "[too-deep]"'
limit alias-bomb yaml-alias "$T/bomb.yaml"
printf 'template: &t hang-nam\nkehoach: *t\n' > "$T/l-alias.yaml"; limit alias yaml-alias "$T/l-alias.yaml"
python3 -c "import sys; sys.stdout.write('template: \"' + 'x' * ((1 << 20) + 1) + '\"\n')" > "$T/l-scalar.yaml"
limit scalar-length too-long "$T/l-scalar.yaml"
python3 -c "import sys; sys.stdout.write('a: [' + '1,' * 1000000 + '1]\n')" > "$T/l-nodes.yaml"
limit node-count too-many-nodes "$T/l-nodes.yaml"
mkdir -p "$T/inc"
for i in 1 2 3 4 5 6 7 8 9 10; do printf 'include: c%d.yaml\n' $((i + 1)) > "$T/inc/c$i.yaml"; done
printf 'agencies: []\n' > "$T/inc/c11.yaml"
sed 's|^template: hang-nam$|&\ninclude: [c1.yaml]|' $EX > "$T/inc/plan.yaml"
# plan -> c4 -> ... -> c11 is eight levels of includes, the most allowed
limit include-depth include-depth "$T/inc/plan.yaml"
sed 's|^include: \[c1.yaml\]$|include: [c4.yaml]|' "$T/inc/plan.yaml" > "$T/inc/plan-ok.yaml"
run check "$T/inc/plan-ok.yaml"; check limit-include-depth-at-limit '[ "$st" = 0 ] && [ -z "$out" ]'
printf 'agencies: []\n' > "$T/outside.yaml"
sed 's|^template: hang-nam$|&\ninclude: [../outside.yaml]|' $EX > "$T/inc/up.yaml"
limit include-dotdot include-path "$T/inc/up.yaml"
sed 's|^template: hang-nam$|&\ninclude: ['"$T"'/outside.yaml]|' $EX > "$T/inc/abs.yaml"
limit include-absolute include-path "$T/inc/abs.yaml"

# Determinism: the same diagnostics, byte for byte, whatever the time zone
# and the locale's character set (C and C.UTF-8 both print both languages).
diag_all() { # FORMAT: every tests/diag plan, in the given environment
  "$K" check -I tests/diag --diagnostics-format="$1" tests/diag/*.yaml 2>&1
}
for f in text json; do
  a=$(LC_ALL=C.UTF-8 TZ=UTC diag_all $f)
  b=$(LC_ALL=C TZ=Asia/Ho_Chi_Minh diag_all $f)
  c=$(LC_ALL=C.UTF-8 TZ=America/Los_Angeles SOURCE_DATE_EPOCH=0 diag_all $f)
  check "deterministic-diagnostics-$f" '[ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" = "$c" ]'
done

# A full disk: the write fails with exit 2 and [io], the old outputs stay
# as they were, and no temporary file is left. First a 64 KB tmpfs filled
# up (needs root; skipped otherwise), then a file-size limit (anyone).
mkdir -p "$T/full"
if mount -t tmpfs -o size=64k kehoach-test "$T/full" 2>/dev/null; then
  printf 'old md\n' > "$T/full/example.md"; printf 'old pdf\n' > "$T/full/example.pdf"
  dd if=/dev/zero of="$T/full/fill" bs=4k 2>/dev/null
  run build -q -o "$T/full" $EX
  check disk-full '[ "$st" = 2 ] && has "$out" "[io]" && [ "$(cat "$T/full/example.md")" = "old md" ] && [ "$(cat "$T/full/example.pdf")" = "old pdf" ] && [ "$(ls "$T/full" | tr "\n" " ")" = "example.md example.pdf fill " ]'
  umount "$T/full"
else
  echo "ok cli/disk-full (skipped: cannot mount a tmpfs here)"
fi
mkdir -p "$T/fsize"; cp "$T/good.md" "$T/fsize/example.md"; cp "$T/good.pdf" "$T/fsize/example.pdf"
echo changed >> "$T/fsize/example.md"; cp "$T/fsize/example.md" "$T/fsize-old.md"
out=$(trap '' XFSZ; ulimit -f 1; timeout 20 "$K" build -q -o "$T/fsize" $EX 2>&1); st=$?
check file-size-limit '[ "$st" = 2 ] && has "$out" "[io]" && cmp -s "$T/fsize-old.md" "$T/fsize/example.md" && cmp -s "$T/good.pdf" "$T/fsize/example.pdf" && [ "$(ls "$T/fsize" | tr "\n" " ")" = "example.md example.pdf " ]'

# Templates cannot read files or run commands: such lines are text or errors.
mkdir -p "$T/evil"
{ sed -n '1,/^@end/p' templates/hang-nam.tmpl | grep -v '^@end'
  printf '@include /etc/passwd\n{{/etc/passwd}} {{file:/etc/passwd}} $(id) `id`\n@end\n'; } > "$T/evil/hang-nam.tmpl"
run build -q --template-dir "$T/evil" -o "$T/evil-out" $EX
check template-no-files '[ "$st" -le 2 ] && ! grep -qs "root:" "$T/evil-out/example.md" && ! grep -qs "uid=" "$T/evil-out/example.md"'
# Includes stay inside the plan's tree and the -I directories, even
# through a symbolic link, unless --include-anywhere says otherwise.
ln -sf "$T/outside.yaml" "$T/inc/link.yaml"
sed 's|^template: hang-nam$|&\ninclude: [link.yaml]|' $EX > "$T/inc/sym.yaml"
limit include-symlink include-path "$T/inc/sym.yaml"
run check -I "$T" "$T/inc/sym.yaml"; check include-symlink-in-I-dir '[ "$st" = 0 ]'
run check --include-anywhere "$T/inc/up.yaml"; check include-anywhere-dotdot '[ "$st" = 0 ] && [ -z "$out" ]'
run check --include-anywhere "$T/inc/abs.yaml"; check include-anywhere-absolute '[ "$st" = 0 ] && [ -z "$out" ]'

# -j N: plans built in parallel give the same files and the same
# diagnostics, in the same order, as one at a time.
run build -q -o "$T/j1" plans/*.yaml $EX; s1=$st
run build -q -j 3 -o "$T/j3" plans/*.yaml $EX
check jobs-same-files '[ "$s1" = 0 ] && [ "$st" = 0 ] && [ "$(ls "$T/j3" | wc -l)" = 8 ] && diff -r "$T/j1" "$T/j3" >/dev/null'
for f in text sarif github; do
  a=$("$K" check -I tests/diag --diagnostics-format=$f tests/diag/*.yaml 2>&1)
  b=$("$K" check -j 4 -I tests/diag --diagnostics-format=$f tests/diag/*.yaml 2>&1)
  check "jobs-same-diagnostics-$f" '[ -n "$a" ] && [ "$a" = "$b" ]'
done
run check -j 0 $EX; check jobs-zero '[ "$st" = 2 ] && has "$out" "-j"'
run check -j x $EX; check jobs-not-a-number '[ "$st" = 2 ]'

# -MD: a make dependency file naming the plan, its includes, the template
# and the fonts; make rebuilds when an include changes, not otherwise.
mkdir -p "$T/md/danh-muc"
cp plans/ngok-bay-2025.yaml "$T/md/"; cp plans/danh-muc/*.yaml "$T/md/danh-muc/"
run build -q -MD -o "$T/md/out" "$T/md/ngok-bay-2025.yaml"
dep="$T/md/out/ngok-bay-2025.d"
check depfile-written '[ "$st" = 0 ] && grep -q "^$T/md/out/ngok-bay-2025.md $T/md/out/ngok-bay-2025.pdf:" "$dep" && grep -q "danh-muc/xa-ngok-bay.yaml" "$dep" && grep -q "hang-nam.tmpl" "$dep" && grep -q "\.ttf" "$dep"'
printf 'include %s\n%s/md/out/ngok-bay-2025.pdf:\n\t%s build -q -MD -o %s/md/out %s/md/ngok-bay-2025.yaml\n' "$dep" "$T" "$(realpath "$K")" "$T" "$T" > "$T/md/Makefile"
make -s -q -f "$T/md/Makefile" "$T/md/out/ngok-bay-2025.pdf"; s1=$?
sleep 1; touch "$T/md/danh-muc/xa-ngok-bay.yaml"
make -s -q -f "$T/md/Makefile" "$T/md/out/ngok-bay-2025.pdf"; s2=$?
check depfile-make '[ "$s1" = 0 ] && [ "$s2" = 1 ]'

# --verbose says what each plan used and produced; --quiet says nothing.
run build -v -o "$T/v" plans/ngok-bay-2025.yaml
check verbose '[ "$st" = 0 ] && has "$out" "6 pages" && has "$out" "hang-nam.tmpl" && has "$out" "3 source files"'
run build -q -o "$T/v" plans/ngok-bay-2025.yaml; check quiet '[ "$st" = 0 ] && [ -z "$out" ]'

# A progress line on a terminal (a pseudo-terminal from script(1)), none
# when stderr is a file or a pipe.
out=$(script -qec "$K check plans/ngok-bay-2025.yaml plans/tan-yen-2026.yaml" /dev/null 2>&1)
check progress-terminal 'has "$out" "[1/2] plans/ngok-bay-2025.yaml" && has "$out" "[2/2] plans/tan-yen-2026.yaml"'
run check plans/ngok-bay-2025.yaml plans/tan-yen-2026.yaml; check progress-not-in-pipes '! has "$out" "[1/2]"'

# docs/ci.md: the GitHub Actions workflow's kehoach steps, run as written
# (with the kehoach that `make install` put in a temporary prefix) on a
# copy of plans/ plus one broken plan: annotations and the step summary,
# a SARIF log, and the rendered documents.
make -s -o kehoach install DESTDIR="$T/ci-inst" PREFIX=/usr >/dev/null 2>&1
mkdir -p "$T/ci/plans"; cp -r plans/* "$T/ci/plans/"
sed 's/lead: phong-vhxh/lead: phong-vhxx/' $EX > "$T/ci/plans/hong.yaml"
python3 - "$T/ci" > "$T/ci/steps.sh" <<'PY'
import re, sys
doc = open('docs/ci.md', encoding='utf-8').read()
flow = doc[doc.index('```yaml\n# .github/workflows/'):]
flow = flow[:flow.index('\n```\n')]
for name, cmd in re.findall(r'- name: (.*)\n(?:\s+if: .*\n)?\s+run: (kehoach .*)', flow):
    print(f'( {cmd} ); echo "{name}: $?" >> status.txt')
PY
(cd "$T/ci" && PATH="$T/ci-inst/usr/bin:$PATH" GITHUB_STEP_SUMMARY="$T/ci/summary.md" bash steps.sh > lint.txt 2>&1)
check ci-workflow-steps '[ "$(grep -c "" "$T/ci/status.txt")" = 3 ] && grep -q "^Lint plans.*: 1$" "$T/ci/status.txt" && grep -q "^Render: 1$" "$T/ci/status.txt"'
check ci-workflow-annotations 'grep -q "^::error file=plans/hong.yaml,line=" "$T/ci/lint.txt" && grep -q "unknown-ref" "$T/ci/summary.md"'
check ci-workflow-sarif 'python3 -c "import json,sys; l=json.load(open(sys.argv[1])); assert l[\"version\"]==\"2.1.0\" and l[\"runs\"][0][\"results\"]" "$T/ci/kehoach.sarif"'
check ci-workflow-render '[ -s "$T/ci/out/ha-bac-2026-2030.pdf" ] && [ -s "$T/ci/out/tan-yen-2026.md" ] && [ ! -e "$T/ci/out/hong.pdf" ]'

# kehoach watch: built at start; broken, the last good PDF stays; repaired
# through its catalogue, rebuilt; SIGTERM ends it with status 0.
rm -rf "$T/watch"; mkdir -p "$T/watch"
cp plans/tan-yen-2026.yaml "$T/watch/"; cp -r plans/danh-muc "$T/watch/"
"$K" watch -o "$T/watch/out" "$T/watch/tan-yen-2026.yaml" 2> "$T/watch/log" &
wpid=$!
lines() { grep -c '^kehoach: ' "$T/watch/log" 2>/dev/null || true; }
wait_lines() { # N: waits (up to 10 s) until the log has N build lines
  for _ in $(seq 100); do [ "$(lines)" -ge "$1" ] && return 0; sleep 0.1; done; return 1
}
wait_lines 1; check watch-first-build '[ -s "$T/watch/out/tan-yen-2026.pdf" ] && grep -q "built, 9 pages" "$T/watch/log"'
cp "$T/watch/out/tan-yen-2026.pdf" "$T/watch/good.pdf"
printf 'broken: [\n' >> "$T/watch/tan-yen-2026.yaml"
wait_lines 2; check watch-broken-kept 'tail -1 "$T/watch/log" | grep -q "1 errors, 0 warnings; the last good output is kept" && cmp -s "$T/watch/good.pdf" "$T/watch/out/tan-yen-2026.pdf"'
cp plans/tan-yen-2026.yaml "$T/watch/tan-yen-2026.yaml"
wait_lines 3
sed -i 's/name: Phòng Văn hóa - Xã hội/name: Phòng Văn hóa và Xã hội/' "$T/watch/danh-muc/xa-tan-yen.yaml"
wait_lines 4; check watch-catalogue-rebuilt 'tail -1 "$T/watch/log" | grep -q "built, 9 pages" && ! cmp -s "$T/watch/good.pdf" "$T/watch/out/tan-yen-2026.pdf" && pdftotext "$T/watch/out/tan-yen-2026.pdf" - | grep -q "Văn hóa và Xã hội"'
kill -TERM "$wpid"; wait "$wpid"; wst=$?
check watch-sigterm '[ "$wst" = 0 ]'
run watch plans/tan-yen-2026.yaml plans/ngok-bay-2025.yaml; check watch-one-plan '[ "$st" = 2 ]'

# Terminal safety: a file name holding an escape sequence prints visibly in
# the diagnostics and in the progress line; JSON escapes it.
bad_name="$T/x$(printf '\033')]0;t$(printf '\007').yaml"
cp tests/diag/terminal-safety.yaml "$bad_name"
out=$(script -qec "$K check '$bad_name' plans/ngok-bay-2025.yaml" /dev/null 2>&1)
check terminal-file-name '! printf "%s" "$out" | grep -q "$(printf "\033")]0;" && has "$out" "x<U+001B>]0;t<U+0007>.yaml"'
run check --diagnostics-format=json "$bad_name"
check terminal-json '! printf "%s" "$out" | grep -q "$(printf "\033")" && has "$out" "x\\u001b]0;t\\u0007.yaml"'

# Colour: --color=always|never|auto; TERM=dumb and NO_COLOR mean none on a terminal.
run check --color=always tests/diag/rule-doubled-word.yaml
check color-always 'printf "%s" "$out" | grep -q "$(printf "\033")\[1;35mwarning"'
out=$(script -qec "$K check --color=never tests/diag/rule-doubled-word.yaml" /dev/null 2>&1)
check color-never '! printf "%s" "$out" | grep -q "$(printf "\033")\["'
out=$(env -u NO_COLOR TERM=dumb script -qec "$K check tests/diag/rule-doubled-word.yaml" /dev/null 2>&1)
check color-term-dumb '! printf "%s" "$out" | grep -q "$(printf "\033")\["'
out=$(env -u NO_COLOR TERM=xterm script -qec "$K check tests/diag/rule-doubled-word.yaml" /dev/null 2>&1)
check color-auto-terminal 'printf "%s" "$out" | grep -q "$(printf "\033")\["'
run check --color=sometimes tests/diag/rule-doubled-word.yaml; check color-bad '[ "$st" = 2 ]'
out=$(NO_COLOR=1 TERM=xterm script -qec "$K check tests/diag/rule-doubled-word.yaml" /dev/null 2>&1)
check color-no-color '! printf "%s" "$out" | grep -q "$(printf "\033")\["'

# Standard input: `check -` names <stdin>; `build -` writes --name (else
# stdin).md/.pdf, includes found from the current directory and -I.
out=$("$K" check - < tests/diag/rule-doubled-word.yaml 2>&1); st=$?
check stdin-check '[ "$st" = 0 ] && has "$out" "<stdin>:10:37: warning:" && has "$out" "[doubled-word]"'
out=$("$K" build -q -I plans -o "$T/stdin-out" --name thu - < plans/ngok-bay-2025.yaml 2>&1); st=$?
check stdin-build-name '[ "$st" = 0 ] && [ -s "$T/stdin-out/thu.pdf" ] && [ -s "$T/stdin-out/thu.md" ]'
k_abs=$(realpath "$K"); t_abs=$(realpath "$T")
(cd plans && "$k_abs" build -q -o "$t_abs/stdin-out" - < ngok-bay-2025.yaml >/dev/null 2>&1); st=$?
check stdin-build-default '[ "$st" = 0 ] && [ -s "$T/stdin-out/stdin.pdf" ]'
out=$("$K" check - < /dev/null 2>&1); st=$?
check stdin-empty '[ "$st" = 1 ] && has "$out" "<stdin>:1:1: error:" && has "$out" "[empty-plan]"'
run build --name ../x - ; check stdin-bad-name '[ "$st" = 2 ]'

# Vim: the errorformat of docs/ci.md (%v) lands on the diagnostic's first
# character of a Vietnamese line; the default (%c, bytes) would not.
"$K" check tests/diag/rule-doubled-word.yaml 2> "$T/vim-errs"
efm=$(sed -n 's/^setlocal errorformat=//p' docs/ci.md)
vim -u NONE -N -es -c "set errorformat=$efm" -c "cfile $T/vim-errs" -c cfirst \
  -c "redir! > $T/vim-out" -c 'silent echo strpart(getline("."), col(".") - 1, 40)' \
  -c 'redir END' -c 'qa!' >/dev/null 2>&1
check vim-errorformat 'grep -q "^thực hiện thực hiện" "$T/vim-out"'

# docs/rules.md cites the decree itself, not a summary file of a build machine.
check rules-cite-decree '! grep -nE "/work/|nd30\.md|§[0-9]" docs/rules.md'

# Build conventions: CPPFLAGS and CFLAGS reach every compile line, LDFLAGS
# the link line; a failing pkg-config stops the build with its own message.
lines=$(make -n -B CPPFLAGS=-DKEHOACH_CPPFLAGS_TEST CFLAGS=-O1 LDFLAGS=-Wl,-z,relro kehoach 2>/dev/null)
check make-cppflags '[ "$(printf "%s\n" "$lines" | grep -c -- " -c -o build/")" -gt 20 ] && ! printf "%s\n" "$lines" | grep -- " -c -o build/" | grep -v -q -- "-DKEHOACH_CPPFLAGS_TEST .*-O1"'
check make-ldflags 'printf "%s\n" "$lines" | grep -- "-o kehoach " | grep -q -- "-Wl,-z,relro"'
out=$(make -n -B PKG_CONFIG=false build/util.o 2>&1); st=$?
check make-pkg-config-fails '[ "$st" != 0 ] && has "$out" "cannot find the libraries; run '"'"'make deps'"'"'"'

# Usage errors: one line naming kehoach and a hint, not the whole help.
run check --bogus plans/ngok-bay-2025.yaml
check usage-error-one-line '[ "$st" = 2 ] && [ "$(printf "%s\n" "$out" | grep -c "")" = 2 ] && has "$out" "kehoach: error: tùy chọn lạ '"'"'--bogus'"'"'" && has "$out" "kehoach --help" && ! has "$out" "check: "'
run frobnicate; check usage-unknown-command '[ "$st" = 2 ] && [ "$(printf "%s\n" "$out" | grep -c "")" = 2 ]'
out=$("$K" new -o "$T/new-default.yaml" 2>&1); st=$?
check new-says-template '[ "$st" = 0 ] && has "$out" "using template hang-nam" && grep -q "template: hang-nam" "$T/new-default.yaml"'

# Discoverability: `new` in kehoach(1); the plans and catalogues carry the
# yaml-language-server modeline; the example .vscode/settings.json is JSON
# naming both schemas.
check man-new 'man -l man/kehoach.1 2>/dev/null | grep -q "kehoach new"'
check plans-modeline '! grep -L "^# yaml-language-server: \$schema=" plans/*.yaml plans/danh-muc/*.yaml | grep -q .'
check vscode-settings 'python3 -c "import json,sys; s=json.load(open(\".vscode/settings.json\"))[\"yaml.schemas\"]; assert \"./schema/kehoach-plan.schema.json\" in s and \"./schema/kehoach-catalog.schema.json\" in s"'

# pre-commit (Debian's), on a scratch repository with a workflow file, its
# config, a plan and a catalogue: the other YAML passes untouched; a commit
# that breaks only the catalogue is stopped by the plan that includes it.
if git rev-parse HEAD >/dev/null 2>&1; then
  pc="$t_abs/pre-commit"; rm -rf "$pc"; mkdir -p "$pc/repo/.github/workflows" "$pc/repo/plans"
  cp plans/tan-yen-2026.yaml "$pc/repo/plans/"; cp -r plans/danh-muc "$pc/repo/plans/"
  printf 'name: ci\non: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n' > "$pc/repo/.github/workflows/ci.yml"
  printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: kehoach-check\n' "$PWD" "$(git rev-parse HEAD)" > "$pc/repo/.pre-commit-config.yaml"
  kdir=$(dirname "$k_abs")
  pc_run() { (cd "$pc/repo" && PATH="$pc/bin:$PATH" PRE_COMMIT_HOME="$pc/cache" pre-commit run "$@" 2>&1); }
  mkdir -p "$pc/bin"; ln -sf "$k_abs" "$pc/bin/kehoach"
  (cd "$pc/repo" && git init -q && git config user.email t@example.org && git config user.name t && git add -A)
  out=$(pc_run --all-files); st=$?
  check pre-commit-other-yaml '[ "$st" = 0 ] && has "$out" "Passed"'
  (cd "$pc/repo" && git commit -qm init && sed -i 's/{id: ubnd-xa, name:/{id: ubnd-xa-2, name:/' plans/danh-muc/xa-tan-yen.yaml && git add -A)
  out=$(pc_run); st=$?
  check pre-commit-catalogue '[ "$st" = 1 ] && has "$out" "plans/tan-yen-2026.yaml:" && has "$out" "unknown agency '"'"'ubnd-xa'"'"'"'
else
  echo "FAIL cli/pre-commit (not a git checkout)"
fi

# Special files: a plan, an include or a template that is a FIFO or a device
# is refused at once with a diagnostic (never a wait for a writer).
rm -rf "$T/fifo"; mkdir -p "$T/fifo/tpl"; mkfifo "$T/fifo/plan.yaml" "$T/fifo/cat.yaml" "$T/fifo/tpl/hang-nam.tmpl"
run check "$T/fifo/plan.yaml"; check fifo-plan '[ "$st" = 2 ] && has "$out" "is not a regular file" && has "$out" "[io]"'
run check /dev/zero; check device-plan '[ "$st" = 2 ] && has "$out" "is not a regular file"'
sed 's|^template: hang-nam$|&\ninclude: [cat.yaml]|' $EX > "$T/fifo/with-include.yaml"
run check "$T/fifo/with-include.yaml"; check fifo-include '[ "$st" = 1 ] && has "$out" "with-include.yaml:4:11: error:" && has "$out" "cat.yaml"'
run check --template-dir "$T/fifo/tpl" $EX; check fifo-template '[ "$st" != 0 ] && [ "$st" != 124 ] && has "$out" "not a regular file"'

# -MD escapes what make reads in a name (spaces, '$', '#', ':'); a name make
# cannot hold (a line break, a tab) is an error and nothing is written.
mkdir -p "$T/md-names"
odd="$T/md-names/a b#c\$(shell touch PWNED):d.yaml"
cp $EX "$odd"
run build -q -MD -o "$T/md-names/out" "$odd"
dfile="$T/md-names/out/a b#c\$(shell touch PWNED):d.d"
(cd "$T/md-names" && make -s -f "$dfile" >/dev/null 2>&1); mst=$?
check md-escape-names '[ "$st" = 0 ] && [ -s "$dfile" ] && [ "$mst" = 0 ] && [ ! -e "$T/md-names/PWNED" ]'
nl="$T/md-names/x$(printf '\n')all:$(printf '\n\t')touch PWNED2$(printf '\n')y.yaml"
cp $EX "$nl"
run build -q -MD -o "$T/md-names/out2" "$nl"
check md-refuses-line-break '[ "$st" = 1 ] && has "$out" "make cannot read it" && [ -z "$(ls -A "$T/md-names/out2" 2>/dev/null)" ]'

# Two plans of one build with the same name: an error before anything is written.
mkdir -p "$T/same/a" "$T/same/b"; cp $EX "$T/same/a/x.yaml"; cp $EX "$T/same/b/x.yaml"
run build -q -o "$T/same/out" "$T/same/a/x.yaml" "$T/same/b/x.yaml"
check output-conflict '[ "$st" = 1 ] && has "$out" "[output-conflict]" && [ ! -e "$T/same/out" ]'
run build -q -o "$T/same/out" "$T/same/a/x.yaml" "$T/same/a/x.yaml"
check output-same-file-twice '[ "$st" = 0 ] && [ -s "$T/same/out/x.pdf" ]'

# The Markdown and the PDF of a plan are one unit: when the PDF cannot be
# written (a directory in its way, a file-size limit), the old Markdown is
# not replaced either, and no temporary file stays.
rm -rf "$T/unit"; "$K" build -q -o "$T/unit" plans/ngok-bay-2025.yaml
cp "$T/unit/ngok-bay-2025.md" "$T/unit-old.md"
rm "$T/unit/ngok-bay-2025.pdf"; mkdir "$T/unit/ngok-bay-2025.pdf"
sed 's/Tháng hành động/Tháng hành động vì bình đẳng/' plans/ngok-bay-2025.yaml > "$T/unit-new.yaml"
mkdir -p "$T/unit-src"; cp -r plans/danh-muc "$T/unit-src/"; cp "$T/unit-new.yaml" "$T/unit-src/ngok-bay-2025.yaml"
run build -q -o "$T/unit" "$T/unit-src/ngok-bay-2025.yaml"
check outputs-one-unit-dir '[ "$st" = 2 ] && has "$out" "no output was replaced" && cmp -s "$T/unit/ngok-bay-2025.md" "$T/unit-old.md" && [ -z "$(ls "$T/unit" | grep tmp)" ]'
rmdir "$T/unit/ngok-bay-2025.pdf"; "$K" build -q -o "$T/unit" plans/ngok-bay-2025.yaml
cp "$T/unit/ngok-bay-2025.md" "$T/unit-old.md"
out=$(ulimit -f 40; "$K" build -q -o "$T/unit" "$T/unit-src/ngok-bay-2025.yaml" 2>&1); st=$?
check outputs-one-unit-fsize '[ "$st" = 2 ] && has "$out" "no output was replaced" && cmp -s "$T/unit/ngok-bay-2025.md" "$T/unit-old.md" && [ -z "$(ls "$T/unit" | grep tmp)" ]'

# A broken template reported for one plan is not used for the next plan of
# the run: each reports it; -j 2 prints what -j 1 prints.
out1=$("$K" check -j 1 --template-dir "$T/tpl-bad" $EX plans/ngok-bay-2025.yaml plans/tan-yen-2026.yaml 2>&1)
out2=$("$K" check -j 2 --template-dir "$T/tpl-bad" $EX plans/ngok-bay-2025.yaml plans/tan-yen-2026.yaml 2>&1)
check broken-template-each-plan '[ "$(printf "%s\n" "$out1" | grep -c "unknown template condition")" = 3 ] && [ "$out1" = "$out2" ]'

# Bombs (docs/plan-format.md §14: any file under 8 MiB checks and builds in
# 10 s): citations that multiply (each subject citing the next ten times,
# twelve levels: 10^11 subjects, 60 s and 8 GiB before) stop at
# [citation-too-long]; 70,000 footnotes each referenced once (the ids were
# found by linear search: over 30 s before); one 900,000-character word
# (each line cut from it counted the whole rest: 5 s before).
python3 - "$T" <<'PY'
import re, sys
src = open('docs/example.yaml', encoding='utf-8').read()
docs = "".join("  - {id: d%d, kind: Công văn, number: %d/UBND-VX, date: 2026-01-%02d, issuer: UBND xã, subject: \"về %s\"}\n"
               % (i, i + 10, i + 1, "{cite:d%d} " % (i + 1) * 10 if i < 11 else "công tác gia đình") for i in range(12))
cites = src.replace("documents:\n", "documents:\n" + docs, 1).replace("{cite:kh-12}.", "{cite:kh-12}; {cite:d0}.", 1)
open(sys.argv[1] + "/bomb-cite.yaml", "w", encoding="utf-8").write(cites)
n = 70000
notes = re.sub(r"^intro:.*$", "intro: \"" + "".join("x{note:f%d} " % i for i in range(n)) + "\"", src, count=1, flags=re.M)
notes += "footnotes:\n" + "".join("  - {id: f%d, text: Chú thích %d.}\n" % (i, i) for i in range(n))
open(sys.argv[1] + "/bomb-notes.yaml", "w", encoding="utf-8").write(notes)
word = re.sub(r"^intro:.*$", "intro: \"" + "x" * 900000 + "\"", src, count=1, flags=re.M)
open(sys.argv[1] + "/bomb-word.yaml", "w", encoding="utf-8").write(word)
PY
out=$(timeout 10 "$K" build -q -o "$T/bomb" "$T/bomb-cite.yaml" 2>&1); st=$?
check bomb-citations '[ "$st" = 1 ] && has "$out" "[citation-too-long]" && [ ! -e "$T/bomb/bomb-cite.pdf" ]'
out=$(timeout 10 "$K" check "$T/bomb-notes.yaml" 2>&1); st=$?
check bomb-footnotes '[ "$st" = 0 ]'
out=$(timeout 10 "$K" build -q -o "$T/bomb" "$T/bomb-word.yaml" 2>&1); st=$?
check bomb-long-word '[ "$st" = 0 ] && [ -s "$T/bomb/bomb-word.pdf" ]'

# Hostile sizes, linear now: 30,000 references to 3,000 footnotes in one
# value (positions were found by walking the value from its start for each
# reference, and footnotes numbered by a search: 60 s before, 0.3 s now).
python3 - "$T/notes-bomb.yaml" <<'PY'
import re, sys
src = open('docs/example.yaml', encoding='utf-8').read()
notes = "footnotes:\n" + "".join("  - {id: fn-%d, text: Ghi chú %d.}\n" % (i, i) for i in range(3000))
intro = "intro: \"" + " ".join("chữ{note:fn-%d}" % (i % 3000) for i in range(30000)) + "\""
open(sys.argv[1], 'w', encoding='utf-8').write(re.sub(r'^intro:.*$', intro, src, count=1, flags=re.M) + notes)
PY
out=$(timeout 10 "$K" build -q -o "$T/notes-bomb-out" "$T/notes-bomb.yaml" 2>&1); st=$?
check hostile-many-references '[ "$st" = 0 ] && [ -s "$T/notes-bomb-out/notes-bomb.pdf" ]'

# 40,000 warnings in one long value (a space before each ';') and 20,000
# doubled words: each diagnostic's position, suppression check and excerpt
# cost its own span, not the line (31.7 s before, 0.25 s now).
python3 - "$T/many-warnings.yaml" "$T/many-doubled.yaml" <<'PY'
import re, sys
src = open('docs/example.yaml', encoding='utf-8').read()
for path, words in ((sys.argv[1], "chữ ;"), (sys.argv[2], "về về")):
    n = 40000 if ";" in words else 20000
    intro = "intro: \"" + " ".join(words for _ in range(n)) + "\""
    open(path, 'w', encoding='utf-8').write(re.sub(r'^intro:.*$', intro, src, count=1, flags=re.M))
PY
out=$(timeout 10 "$K" check -v "$T/many-warnings.yaml" 2>&1); st=$?
check hostile-many-warnings '[ "$st" = 0 ] && [ "$(printf "%s\n" "$out" | grep -c "\[punct-spacing\]")" = 40000 ]'
out=$(timeout 10 "$K" check "$T/many-doubled.yaml" 2>&1); st=$?
check hostile-many-doubled '[ "$st" = 0 ] && has "$out" "[doubled-word]"'

# Recursion stays bounded: documents citing each other and themselves; a
# value nested 100,000 levels deep in Markdown (block quotes, lists).
run build -q -o "$T/self-cite" tests/diag/self-citation.yaml
check self-citation-builds '[ "$st" = 0 ] && [ -s "$T/self-cite/self-citation.pdf" ]'
python3 - "$T/deep-quote.yaml" "$T/deep-list.yaml" <<'PY'
import re, sys
src = open('docs/example.yaml', encoding='utf-8').read()
for path, mark in ((sys.argv[1], "> "), (sys.argv[2], "- ")):
    intro = "intro: \"" + mark * 100000 + "sâu\""
    open(path, 'w', encoding='utf-8').write(re.sub(r'^intro:.*$', intro, src, count=1, flags=re.M))
PY
run build -q -o "$T/deep" "$T/deep-quote.yaml"; check deep-markdown-quote '[ "$st" = 0 ] || [ "$st" = 1 ]'
run build -q -o "$T/deep" "$T/deep-list.yaml"; check deep-markdown-list '[ "$st" = 0 ] || [ "$st" = 1 ]'

# Template names: an invalid one says what a valid one looks like; one not
# found lists where kehoach looked and mentions --template-dir.
sed 's/^template: hang-nam$/template: ..\/hang-nam/' $EX > "$T/bad-tpl-name.yaml"
run check "$T/bad-tpl-name.yaml"; check template-invalid-name '[ "$st" = 1 ] && has "$out" "for example hang-nam"'
sed 's/^template: hang-nam$/template: khong-co/' $EX > "$T/no-tpl.yaml"
run check --template-dir "$T/tpl-bad" "$T/no-tpl.yaml"; check template-not-found-where '[ "$st" = 1 ] && has "$out" "looked for NAME.tmpl in:" && has "$out" "tpl-bad" && has "$out" "--template-dir DIR"'

# A template beside the plan is found without --template-dir (the plan's
# directory is searched first), and it wins over the built-in one.
mkdir -p "$T/beside"; cp $EX "$T/beside/plan.yaml"
sed 's/^@title$/@title\nMẪU CỦA XÃ: {{place}}/' templates/hang-nam.tmpl > "$T/beside/hang-nam.tmpl"
run build -q -o "$T/beside/out" "$T/beside/plan.yaml"
check template-beside-plan '[ "$st" = 0 ] && grep -q "MẪU CỦA XÃ" "$T/beside/out/plan.md"'
run build -q -o "$T/beside/out2" $EX
check template-builtin-elsewhere '[ "$st" = 0 ] && ! grep -q "MẪU CỦA XÃ" "$T/beside/out2/example.md"'

# LANGUAGE (GNU gettext's priority list) picks the messages' language before
# LC_ALL/LC_MESSAGES/LANG, except in the C locale.
out=$(env -u LC_ALL LANG=en_US.UTF-8 LANGUAGE=vi:en "$K" check tests/diag/rule-doubled-word.yaml 2>&1)
check language-vi 'has "$out" "từ lặp lại" && ! has "$out" "doubled word:"'
out=$(env -u LC_ALL LANG=vi_VN.UTF-8 LANGUAGE=en "$K" check tests/diag/rule-doubled-word.yaml 2>&1)
check language-en 'has "$out" "doubled word:" && ! has "$out" "từ lặp lại"'
out=$(LC_ALL=C.UTF-8 LANGUAGE=vi "$K" check tests/diag/rule-doubled-word.yaml 2>&1)
check language-c-locale 'has "$out" "từ lặp lại" && has "$out" "doubled word:"'

# lint keeps what it found in each text, by the text's bytes, for the next
# plans of the process (and the editor's next checks): each plan's
# diagnostics must be those of the plan checked alone, whatever the process
# checked before it. The same texts here with and without the plan's
# `words` list, silenced by a comment in one copy only, in a commune's plan
# and a province's, in other places of the file, and with other rule settings.
LC=$T/lint-cache; mkdir -p "$LC"
cp tests/diag/rule-spelling.yaml tests/diag/rule-plan-level.yaml tests/diag/rule-doubled-word.yaml "$LC/"
sed 's/^signature:/words: [nhiềm]\n&/' tests/diag/rule-spelling.yaml > "$LC/listed.yaml"
sed 's/và hiệu quả\.$/& # kehoach: ignore spelling/' tests/diag/rule-spelling.yaml > "$LC/ignored.yaml"
sed 's/^  authority: .*/  authority: Ủy ban nhân dân tỉnh Bắc Ninh/' tests/diag/rule-plan-level.yaml > "$LC/province.yaml"
sed 's/^template: hang-nam$/&\n# moved down a line/' tests/diag/rule-doubled-word.yaml > "$LC/moved.yaml"
# Catalogues several plans include are parsed once a run (the second plan
# on): one that parses cleanly, one whose parsing warns (never kept), one
# with a lint warning, and one included by one plan only.
cp tests/diag/ok-spelling.yaml tests/diag/spelling-words.inc "$LC/"
sed 's/Pồ là tiếng/Pồ là là tiếng/' tests/diag/ok-spelling.yaml > "$LC/ok-spelling-2.yaml"
printf 'agencies:\n  - {id: pvh, name: "Phòng Văn Hóa\u200e"}\n' > "$LC/warns.inc"
printf 'agencies:\n  - {id: pvh2, name: "Phòng Văn Hóa và về về"}\n' > "$LC/lints.inc"
for n in 1 2; do
  sed -e 's/^include: \[spelling-words.inc\]$/include: [spelling-words.inc, warns.inc, lints.inc]/' \
    -e 's/^  - title: Tuyên truyền$/&\n    lead: pvh2/' "$LC/ok-spelling.yaml" > "$LC/inc-$n.yaml"
done
sed -e 's/^include: \[spelling-words.inc\]$/include: [spelling-words.inc, lints.inc]/' \
  -e 's/^  - title: Tuyên truyền$/&\n    lead: pvh2/' "$LC/ok-spelling.yaml" > "$LC/inc-3.yaml"
lc_files=("$LC"/*.yaml)
lc_rev=(); for ((i = ${#lc_files[@]} - 1; i >= 0; i--)); do lc_rev+=("${lc_files[$i]}"); done
for opts in "" "-Wno-spelling" "-Wno-plan-level -Wsyllable"; do
  : > "$LC/alone"
  for f in "${lc_files[@]}" "${lc_rev[@]}"; do "$K" check $opts "$f" 2>&1 | grep -v '^kehoach: ' >> "$LC/alone"; done
  for j in 1 2; do
    "$K" check -j $j $opts "${lc_files[@]}" "${lc_rev[@]}" 2>&1 | grep -v '^kehoach: ' > "$LC/together"
    check "lint-cache-as-alone-j$j$(tr -d " " <<< "$opts")" '[ -s "$LC/alone" ] && cmp -s "$LC/alone" "$LC/together"'
  done
done

# The loader looks for bidirectional controls and private-use characters
# eight bytes at a time: one at every offset of a window is found, each at
# its own column.
{ sed -n '1,/^signature:/p' tests/diag/unicode-controls.yaml; echo "purpose:"
  for k in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
    printf '  - "%sđ\\u200eà\\U000F0002"\n' "$(head -c "$k" /dev/zero | tr '\0' x)"
  done; } > "$T/controls-offsets.yaml"
run check -v "$T/controls-offsets.yaml"
places=$(grep -o '^[^ ]*controls-offsets.yaml:[0-9]*:[0-9]*: [a-z]*' <<< "$out" | cut -d: -f2,3 | tr '\n' ' ')
want=""; for k in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do want+="$((11 + k)):$((7 + k)) $((11 + k)):$((14 + k)) "; done
check controls-every-offset '[ "$places" = "$want" ] && [ "$(grep -c "\[bidi-control\]" <<< "$out")" = 16 ] && [ "$(grep -c "\[private-use\]" <<< "$out")" = 16 ]'
