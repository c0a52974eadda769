// rules.c — the registry of rules: every diagnostic's stable id, its
// default severity, whether it is on by default, and one line of summary.
//
// Read by diag.c (SARIF's rule list, -W settings), main.c (-W validation)
// and the tests (docs/rules.md must have a section for each). The stages
// that report a rule only name its id.
#include "kehoach.h"

#include <string.h>

#include "rule_help.h" // RULE_HELP, made from docs/rules.md

#ifndef KEHOACH_RULES_URL
#define KEHOACH_RULES_URL "docs/rules.md"
#endif
const char RULES_URL[] = KEHOACH_RULES_URL;

const RuleHelp *rule_help(const char *id) {
  for (const RuleHelp *h = RULE_HELP; h->id; h++)
    if (strcmp(h->id, id) == 0)
      return h;
  return NULL;
}

// Every rule id, in the order of docs/rules.md. Rules reported while loading
// and modelling the plan are listed too, so -W and docs cover them all.
const RuleInfo RULES[] = {
    // input
    {"io", SEV_ERROR, true, "a file cannot be read or written"},
    {"file-too-large", SEV_ERROR, true, "a plan file larger than 8 MB"},
    {"encoding", SEV_ERROR, true, "a file that is not UTF-8"},
    {"private-use", SEV_ERROR, true, "a private-use character kehoach cannot print"},
    {"bidi-control", SEV_WARNING, true,
     "a bidirectional control character that changes what a reader sees"},
    {"yaml-syntax", SEV_ERROR, true, "YAML syntax error (libyaml)"},
    {"yaml-alias", SEV_ERROR, true, "YAML aliases (*name) are not allowed"},
    {"too-deep", SEV_ERROR, true, "nesting deeper than 64 levels"},
    {"too-long", SEV_ERROR, true, "a scalar longer than 1 MB"},
    {"too-many-nodes", SEV_ERROR, true, "more than 1,000,000 YAML nodes"},
    {"empty-plan", SEV_ERROR, true, "an empty plan file"},
    // schema
    {"duplicate-key", SEV_ERROR, true, "a key twice in one mapping"},
    {"unknown-key", SEV_ERROR, true, "a key the format does not know"},
    {"missing-key", SEV_ERROR, true, "a required key is missing"},
    {"wrong-type", SEV_ERROR, true, "a value of the wrong kind"},
    {"bad-value", SEV_ERROR, true, "a value outside its allowed set"},
    {"invalid-id", SEV_ERROR, true, "an id that is not lower-case ASCII"},
    {"duplicate-id", SEV_ERROR, true, "an id defined twice"},
    {"unknown-ref", SEV_ERROR, true, "a reference to an undefined id"},
    {"bad-ref", SEV_ERROR, true, "a malformed {reference} in text"},
    {"invalid-date", SEV_ERROR, true, "a date that does not exist"},
    {"invalid-timing", SEV_ERROR, true, "a timing that cannot be read"},
    {"include-not-found", SEV_ERROR, true, "an include file that cannot be found"},
    {"include-path", SEV_ERROR, true, "an absolute or escaping include path"},
    {"include-cycle", SEV_ERROR, true, "files that include each other"},
    {"include-depth", SEV_ERROR, true, "includes nested deeper than 8"},
    {"unknown-template", SEV_ERROR, true, "a template that does not exist"},
    {"template", SEV_ERROR, true, "an error in a template file"},
    {"font-missing", SEV_ERROR, true, "no usable font for the PDF"},
    {"pdf", SEV_ERROR, true, "libharu failed while typesetting the PDF"},
    {"docx", SEV_ERROR, true, "libxml2 or libzip failed while writing the DOCX"},
    {"missing-glyph", SEV_WARNING, true, "a character the PDF font lacks"},
    {"output-conflict", SEV_ERROR, true, "two plans of one run would write the same output"},
    // references
    {"unused-agency", SEV_WARNING, true, "an agency the plan defines and never uses"},
    {"unused-document", SEV_WARNING, true, "a document the plan defines and never cites"},
    {"unused-footnote", SEV_WARNING, true, "a footnote the plan defines and never marks"},
    {"unused-indicator", SEV_WARNING, true, "an indicator id nothing refers to"},
    {"unserved-indicator", SEV_WARNING, true, "an indicator no task serves"},
    {"missing-lead", SEV_WARNING, false, "a task with no lead agency"},
    {"duty-not-recipient", SEV_WARNING, true,
     "an agency with duties that is not in Nơi nhận"},
    {"lead-without-duty", SEV_WARNING, true,
     "a lead agency with no duties in Tổ chức thực hiện"},
    {"archive-unit", SEV_WARNING, true,
     "the \"Lưu: VT\" line names no drafting unit"},
    // dates
    {"range-order", SEV_ERROR, true, "a range that ends before it starts"},
    {"deadline-period", SEV_WARNING, true, "a deadline outside the plan's period"},
    {"deadline-before-date", SEV_WARNING, true,
     "a deadline before the plan's own date"},
    {"cited-after-date", SEV_WARNING, true, "a cited document dated after the plan"},
    {"target-year-period", SEV_WARNING, true,
     "an indicator's target year outside the period"},
    {"report-after-period", SEV_WARNING, true,
     "a reporting deadline after the period"},
    {"deadline-holiday", SEV_WARNING, true,
     "a deadline on a Sunday or a public holiday"},
    // citations
    {"citation-shape", SEV_WARNING, true,
     "a number/symbol not shaped as its kind requires"},
    {"document-kind", SEV_WARNING, true,
     "a document kind that is neither an administrative nor a legal document type"},
    {"citation-kind", SEV_WARNING, true,
     "a document kind that disagrees with its symbol"},
    {"citation-year", SEV_WARNING, true,
     "the year in a normative number differs from its date"},
    {"citation-too-long", SEV_ERROR, true,
     "a citation whose nested citations would print more than 20,000 bytes"},
    {"citation-conflict", SEV_WARNING, true,
     "one number cited with different dates or issuers"},
    {"date-zero", SEV_WARNING, true, "a date written against the zero rule"},
    // Vietnamese text (lint.c)
    {"doubled-word", SEV_WARNING, true, "a word or two written twice"},
    {"not-nfc", SEV_WARNING, true, "text not in Unicode NFC"},
    {"legacy-encoding", SEV_WARNING, true,
     "TCVN3 or VNI text pasted as Unicode (mojibake)"},
    {"abbrev-variant", SEV_WARNING, true,
     "one abbreviation spelled with both D and Đ"},
    {"syllable", SEV_ERROR, true,
     "a word that cannot be a Vietnamese syllable (an error unless -Wsyllable)"},
    {"spelling", SEV_WARNING, true,
     "a word Hunspell's Vietnamese dictionary does not know"},
    {"tone-marks", SEV_WARNING, true, "both hòa and hoà styles in one plan"},
    {"punct-spacing", SEV_WARNING, true, "spacing around punctuation or a dash"},
    {"doubled-punct", SEV_WARNING, true, "punctuation written twice (',,', '..', ',.')"},
    {"comma-capital", SEV_WARNING, true, "a common word capitalised after a comma"},
    {"plan-level", SEV_WARNING, true,
     "a commune's plan whose bodies advise a higher level's council"},
    {"percent-over-100", SEV_WARNING, true, "a percentage over 100"},
    {"agency-case", SEV_WARNING, true,
     "an agency name capitalised against Phụ lục II"},
    {NULL, SEV_NOTE, false, NULL},
};

const RuleInfo *rule_find(const char *id) {
  for (const RuleInfo *r = RULES; r->id; r++)
    if (strcmp(r->id, id) == 0)
      return r;
  return NULL;
}
