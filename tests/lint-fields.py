#!/usr/bin/env python3
"""Every printed string field of a plan is linted, whatever key it sits under.

usage: tests/lint-fields.py KEHOACH TMPDIR   (prints "ok lint-fields/..." or "FAIL ...")

Walks schema/kehoach-plan.schema.json for every string-valued field (through
$ref, oneOf/anyOf/allOf, arrays; nested `items` share their parent's fields,
and a string or a list of strings is one field).
Each field is either listed in NOT_PRINTED below, with the reason it is not
text a reader sees (ids, references, enums, dates, codes), or printed: then
the fixture plans must hold it, and a word typed in a legacy encoding
(TCVN3) appended to its value in a copy of the fixture must be reported as
[legacy-encoding] by `kehoach check`. A field of the schema that neither list
nor fixture covers fails, so a new field cannot escape the lints.
"""
import json, os, re, subprocess, sys

import yaml

K, TMP = sys.argv[1], sys.argv[2]
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MOJIBAKE = " thùc hiÖn c«ng t¸c"  # "thực hiện công tác" in TCVN3 read as Latin-1

# Fields that are not printed text, and why.
NOT_PRINTED = {
    "kehoach": "format version",
    "template": "a template's name",
    "include": "file paths", "include.[]": "file paths",
    "words": "the spelling rule's own list", "words.[]": "the spelling rule's own list",
    "document.date": "a date, printed by kehoach", "document.period": "a period, printed by kehoach",
    "document.number": "the plan's number", "document.kind": "a type code (KH)",
    "document.issuer_code": "a code (UBND)",
    "documents.[].date": "a date", "documents.[].number": "a number/symbol (citation-shape)",
    "archive": "abbreviations (Lưu: VT, VHXH)", "archive.[]": "abbreviations",
    "objectives.specific.[].indicators.[].target.value": "a number",
    "objectives.specific.[].indicators.[].target.year": "a year",
    "objectives.specific.[].indicators.[].target.unit": "a unit (%, người)",
    "objectives.specific.[].indicators.[].target.cmp": "an enum",
    "objectives.specific.[].indicators.[].target.[].value": "a number",
    "objectives.specific.[].indicators.[].target.[].year": "a year",
    "objectives.specific.[].indicators.[].target.[].unit": "a unit (%, người)",
    "objectives.specific.[].indicators.[].target.[].cmp": "an enum",
    "reporting.deadline": "a date", "reporting.to": "an agency id", "reporting.via": "an agency id",
    "appendices.[].from": "an item id", "appendices.[].widths.[]": "column widths",
}
# Keys that are never text at any depth: ids, references, enums, timings.
NOT_PRINTED_KEYS = {"id": "an id", "lead": "an agency id", "with": "agency ids",
                    "serves": "indicator ids", "agency": "an agency id",
                    "agencies": "agency ids", "numbering": "an enum", "timing": "a timing",
                    "landscape": "a flag", "request": "a flag"}


def norm(path):
    """Nested items share their parent's definition, and a field that is a
    string or a list of strings is one field: "tasks.[].items.[].form" is
    "tasks.[].form", "preamble.[]" is "preamble"."""
    p = ".".join(path)
    p = re.sub(r"(\.items\.\[\])+", "", p)
    p = re.sub(r"^headings\..*", "headings.*", p)  # a heading is a heading
    p = re.sub(r"^labels\..*", "labels.*", p)  # a label is a label
    return re.sub(r"(\.\[\])+$", "", p)


def schema_fields():
    s = json.load(open(os.path.join(ROOT, "schema/kehoach-plan.schema.json")))
    defs = s["definitions"]
    out = set()

    def walk(n, path, seen):
        if "$ref" in n:
            name = n["$ref"].split("/")[-1]
            key = (name, norm(path))
            if key in seen:
                return
            seen = seen | {key}
            n = defs[name]
        for k in ("oneOf", "anyOf", "allOf"):
            for b in n.get(k, []):
                walk(b, path, seen)
        t = n.get("type")
        ts = t if isinstance(t, list) else [t]
        if "string" in ts and "enum" not in n:
            out.add(norm(path))
        for k, v in n.get("properties", {}).items():
            walk(v, path + (k,), seen)
        if isinstance(n.get("items"), dict):
            walk(n["items"], path + ("[]",), seen)
        if isinstance(n.get("additionalProperties"), dict):
            walk(n["additionalProperties"], path + ("*",), seen)
    walk(s, (), frozenset())
    return out


def printed(field):
    last = [x for x in field.split(".") if x != "[]"]
    return field not in NOT_PRINTED and not (last and last[-1] in NOT_PRINTED_KEYS)


# The fixture: plans with every printed field.
FIXTURES = ["tests/golden/features.yaml", "plans/ha-bac-2026-2030.yaml",
            "plans/tan-yen-2026.yaml", "plans/ngok-bay-2025.yaml",
            "tests/golden/labels.yaml",
            "tests/lint-fields/hang-nam.yaml", "tests/lint-fields/chien-luoc.yaml"]


def scalars(node, path, out):
    """(normalised path, container, key) of every string scalar."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str):
                out.append((norm(path + (str(k),)), node, k))
            else:
                scalars(v, path + (str(k),), out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, str):
                out.append((norm(path + ("[]",)), node, i))
            else:
                scalars(v, path + ("[]",), out)


fields = schema_fields()
wanted = {f for f in fields if printed(f)}
seen = set()
fail = 0
for fx in FIXTURES:
    src = os.path.join(ROOT, fx)
    doc = yaml.safe_load(open(src, encoding="utf-8"))
    found = []
    scalars(doc, (), found)
    done = set()
    for field, container, key in found:
        f = field
        if f not in wanted or f in done:
            continue
        done.add(f)
        seen.add(f)
        old = container[key]
        container[key] = old + MOJIBAKE
        path = os.path.join(os.path.dirname(src), ".lint-fields-%d.yaml" % os.getpid())
        try:
            with open(path, "w", encoding="utf-8") as out:
                yaml.safe_dump(doc, out, allow_unicode=True, sort_keys=False, width=1 << 20)
            r = subprocess.run([K, "check", "-I", os.path.join(ROOT, "tests/golden"), path],
                               capture_output=True, text=True)
        finally:
            os.unlink(path)
            container[key] = old
        if "[legacy-encoding]" in r.stderr:
            print("ok lint-fields/%s" % f)
        else:
            fail += 1
            print("FAIL lint-fields/%s (%s): not linted\n%s" % (f, fx, r.stderr[-600:]))
for f in sorted(wanted - seen):
    print("FAIL lint-fields/%s: printed, but no fixture holds it (add it to a fixture "
          "or to NOT_PRINTED with a reason)" % f)
