#!/usr/bin/env python3
"""Builds the gettext template and the sources' Vietnamese from xgettext.

usage: po/extract.py SOURCES.pot KEHOACH.pot SOURCE-VI.po

Every message is written in the C sources as one bilingual printf format,
"tiếng Việt / English" (see src/message.c). xgettext extracts those formats
(the literal arguments of diag, diag_note, vdiag, message_format and lint.c's
report, note and note_value: the Makefile's XGETTEXT_KEYWORDS) into
SOURCES.pot; this script
splits each one at the separator and writes

  KEHOACH.pot    the template translators start from: msgid the English
                 part, msgstr empty (po/kehoach.pot is this file, kept in
                 the repository by `make update-po`);
  SOURCE-VI.po   the Vietnamese the sources carry, as a catalogue: msgmerge
                 takes it as a compendium, so po/vi.po starts from (and a
                 message po/vi.po lacks gets) the sources' own wording.

It also checks each format: both parts present, and the Vietnamese part
taking as many arguments as the English one (msgfmt --check-format would
reject the catalogue otherwise), and one English text with one Vietnamese.
Exits 1 on any problem.
"""
import re
import sys

TOKEN = re.compile(r"%%|%[-+ #0-9.*]*(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfgGcsp]")
ENTRY = re.compile(r'((?:^#.*\n)*)^msgid ((?:"(?:[^"\\]|\\.)*"\n?)+)^msgstr ', re.M)
SEP = " / "
# Formats that carry no words of their own.
NOT_MESSAGES = {"", "%s"}

HEADER = ['msgid ""', 'msgstr ""',
          '"Project-Id-Version: kehoach\\n"',
          '"Report-Msgid-Bugs-To: \\n"',
          '"PO-Revision-Date: 2026-12-04 00:00+0700\\n"',
          '"Last-Translator: kehoach <kehoach@localhost>\\n"',
          '"Language-Team: %s\\n"',
          '"Language: %s\\n"',
          '"MIME-Version: 1.0\\n"',
          '"Content-Type: text/plain; charset=UTF-8\\n"',
          '"Content-Transfer-Encoding: 8bit\\n"', '']


def conversions(fmt):
    return [t for t in TOKEN.findall(fmt) if t != "%%"]


def entries(pot):
    """(comments, msgid) of each entry, the msgid unescaped only of quotes' joins."""
    for m in ENTRY.finditer(pot):
        yield m.group(1), "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2)))


def write(path, lang, team, rows):
    lines = [f"# kehoach messages{', ' + team if lang else ''}. Made by po/extract.py from "
             "xgettext's extraction of src/*.c."]
    lines += [h % (team if "Team" in h else lang) if "%s" in h else h for h in HEADER]
    for where, flag, en, vi in rows:
        lines += [where] + ([flag] if flag else []) + [f'msgid "{en}"', f'msgstr "{vi}"', ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    pot = open(sys.argv[1], encoding="utf-8").read()
    seen, problems = {}, []
    for comments, fmt in entries(pot):
        where = next((l for l in comments.splitlines() if l.startswith("#:")), "#:")
        if fmt in NOT_MESSAGES:
            continue
        if SEP not in fmt:
            problems.append(f"{where[3:]}: not bilingual ('tiếng Việt / English'): {fmt}")
            continue
        vi, en = fmt.split(SEP, 1)
        if len(conversions(vi)) != len(conversions(en)):
            problems.append(f"{where[3:]}: {len(conversions(vi))} conversions in Vietnamese, "
                            f"{len(conversions(en))} in English: {fmt}")
        if en in seen and seen[en][1] != vi:
            problems.append(f"{where[3:]}: '{en}' has two Vietnamese texts (also {seen[en][0][3:]})")
        seen.setdefault(en, (where, vi))
    for p in problems:
        print(p, file=sys.stderr)
    rows = []
    for en, (where, vi) in sorted(seen.items()):
        flag = "#, c-format" if conversions(en) else None
        rows.append((where, flag, en, vi))
    write(sys.argv[2], "", "", [(w, f, en, "") for w, f, en, _ in rows])
    write(sys.argv[3], "vi", "Vietnamese", rows)
    print(f"{len(rows)} messages, {len(problems)} problems", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
