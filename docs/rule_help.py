#!/usr/bin/env python3
"""Builds the rules' help for SARIF from docs/rules.md.

usage: docs/rule_help.py docs/rules.md OUT.h

docs/rules.md has one section per rule, headed "## `RULE-ID`". This script
writes a C header (included by src/rules.c) with, for each rule, the first
paragraph of its section as plain text (SARIF fullDescription), the whole
section as plain text and as Markdown (SARIF help.text, help.markdown) and
the section's anchor (helpUri). docs/rules.md stays the one source of
what a rule means: the Makefile runs this on every build.
Exits 1 when a section is empty.
"""
import re
import sys

HEADING = re.compile(r"^## `([a-z0-9-]+)`\s*$")


def plain(md):
    """Markdown to the plain text a SARIF viewer shows."""
    out = []
    for line in md.splitlines():
        if line.startswith("```"):
            continue
        line = re.sub(r"\*\*([^*]+)\*\*", r"\1", line)
        line = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"\1", line)
        line = line.replace("`", "")
        out.append(line)
    return "\n".join(out).strip()


def c_string(s):
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + s + '"'


def sections(text):
    current, body = None, []
    for line in text.splitlines():
        m = HEADING.match(line)
        if m or line.startswith("## "):
            if current:
                yield current, "\n".join(body).strip()
            current, body = (m.group(1) if m else None), []
        elif current:
            body.append(line)
    if current:
        yield current, "\n".join(body).strip()


def main():
    src, out = sys.argv[1], sys.argv[2]
    rows, bad = [], False
    for rule, md in sections(open(src, encoding="utf-8").read()):
        if not md:
            print(f"{src}: rule '{rule}' has an empty section", file=sys.stderr)
            bad = True
            continue
        first = plain(md.split("\n\n")[0]).replace("\n", " ")
        rows.append(f"    {{{c_string(rule)}, {c_string(first)},\n"
                    f"     {c_string(plain(md))},\n     {c_string(md)}}},")
    if bad:
        sys.exit(1)
    with open(out, "w", encoding="utf-8") as f:
        f.write("// Generated from docs/rules.md by docs/rule_help.py: do not edit.\n")
        f.write("static const RuleHelp RULE_HELP[] = {\n")
        f.write("\n".join(rows))
        f.write("\n    {NULL, NULL, NULL, NULL}};\n")


if __name__ == "__main__":
    main()
