#!/usr/bin/env python3
"""Word-sequence similarity between a seed document and a rendering.

usage: similarity.py SEED.txt RENDERED.(md|txt) [MIN]

Both texts are reduced to their sequence of words (Unicode letters and
digits, NFC, lower case; Markdown markup and footnote markers dropped) and
compared with difflib's SequenceMatcher: ratio = 2*matches / total words.
Prints the ratio; exits 1 when it is below MIN (default 0.92).
"""
import difflib
import re
import sys
import unicodedata


def words(text):
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\[\^\d+\]:?", " ", text)        # footnote markers
    text = re.sub(r"\[footnoteRef:\d+\]", " ", text)
    text = re.sub(r"\[bookmark: [^\]]*\]", " ", text)
    return re.findall(r"\w+", text.lower())


def main():
    seed = open(sys.argv[1], encoding="utf-8").read()
    rendered = open(sys.argv[2], encoding="utf-8").read()
    minimum = float(sys.argv[3]) if len(sys.argv) > 3 else 0.92
    a, b = words(seed), words(rendered)
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    print(f"{ratio:.4f} {sys.argv[2]} ({len(a)} seed words, {len(b)} rendered)")
    sys.exit(0 if ratio >= minimum else 1)


if __name__ == "__main__":
    main()
