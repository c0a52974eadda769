#!/usr/bin/env bash
# Command-line tests: exit statuses, outputs, hostile input.
# usage: tests/cli.sh TMPDIR   (run by tests/run.sh; prints "ok NAME" or "FAIL NAME")
set -u
T=$1; rm -rf "$T"; mkdir -p "$T"
K=${KEHOACH:-./kehoach}
EX=docs/example.yaml

check() { # NAME CONDITION-COMMAND...
  local name=$1; shift
  if "$@"; then echo "ok cli/$name"; else echo "FAIL cli/$name"; fi
}

run() { # runs kehoach with a time limit; sets $out (stderr+stdout) and $st
  out=$(timeout 20 "$K" "$@" 2>&1); st=$?
}

run --version;            check version        [ "$st" = 0 ] && [[ "$out" == "kehoach "* ]]
run --help;               check help           [ "$st" = 0 ] && [[ "$out" == *"kehoach check"* ]]
run;                      check no-command     [ "$st" = 2 ]
run frobnicate x.yaml;    check bad-command    [ "$st" = 2 ]
run check;                check no-file        [ "$st" = 2 ]
run check --bogus $EX;    check bad-option     [ "$st" = 2 ]
run check "$T/missing.yaml"
check missing-file [ "$st" = 2 ] && [[ "$out" == "$T/missing.yaml: error: "*"[io]"* ]]
run check "$T"
check directory [ "$st" = 2 ] && [[ "$out" == *"error: "*"[io]"* ]]
run check $EX;            check example-clean  [ "$st" = 0 ] && [ -z "$out" ]

# build writes NAME.md; a failing build leaves the old output untouched.
run build -q -o "$T/out" $EX
check build-writes [ "$st" = 0 ] && [ -s "$T/out/example.md" ]
cp "$T/out/example.md" "$T/good.md"
sed 's/lead: phong-vhxh/lead: phong-vhxx/' $EX > "$T/example.yaml"
cp -r docs/danh-muc "$T/" 2>/dev/null
run build -q -o "$T/out" "$T/example.yaml"
check build-error-exit [ "$st" = 1 ] && [[ "$out" == *"[unknown-ref]"* ]]
check build-error-no-output [ ! -e "$T/out/example.yaml.md" ] && cmp -s "$T/good.md" "$T/out/example.md"
check no-temp-files [ -z "$(ls "$T/out" | grep -v '^example\.md$')" ]
run build -q -o /dev/full/x $EX
check unwritable-dir [ "$st" = 2 ] && [[ "$out" == *"[io]"* ]]
run check $EX "$T/example.yaml"
check many-files-status [ "$st" = 1 ]

# Hostile input: a diagnostic with a rule id, exit 1 or 2, no crash, bounded time.
hostile() { # NAME FILE
  run check "$2"
  check "hostile-$1" [ "$st" = 1 -o "$st" = 2 ] && [[ "$out" == *"error: "*"["*"]"* ]]
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
