// Validates SARIF logs against the SARIF 2.1.0 schema (Microsoft's, as
// shipped in the npm package @microsoft/jest-sarif; draft-04, so read with
// ajv-draft-04), then checks what GitHub code scanning asks of every rule:
// fullDescription, help (text and markdown) and helpUri.
// usage: node tests/sarif.js LOG.sarif...   (exit 1 on the first problem)
'use strict';
const path = require('path');
const fs = require('fs');
const npm = path.join(__dirname, '..', 'build', 'npm', 'node_modules');
const Ajv = require(path.join(npm, 'ajv-draft-04'));
const addFormats = require(path.join(npm, 'ajv-formats'));
const schema = require(path.join(npm, '@microsoft', 'jest-sarif', 'lib', 'schemas',
                                 'sarif-2.1.0-rtm.5.json'));
// unicodeRegExp off: the schema's language pattern has a stray ']' that only
// non-Unicode regular expressions accept (as the schema's authors' tools do).
const ajv = new Ajv({allErrors: true, strict: false, unicodeRegExp: false});
addFormats(ajv);
const validate = ajv.compile(schema);
let bad = 0;
for (const file of process.argv.slice(2)) {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!validate(log)) {
    console.log(`${file}: not SARIF 2.1.0:`);
    for (const e of validate.errors.slice(0, 10))
      console.log(`  ${e.instancePath} ${e.message}`);
    bad++;
    continue;
  }
  for (const run of log.runs)
    for (const rule of run.tool.driver.rules || []) {
      const missing = [];
      if (!rule.fullDescription || !rule.fullDescription.text) missing.push('fullDescription');
      if (!rule.help || !rule.help.text || !rule.help.markdown) missing.push('help');
      if (!rule.helpUri || !/^[a-z]+:/.test(rule.helpUri) || !rule.helpUri.endsWith('#' + rule.id))
        missing.push('helpUri');
      if (missing.length) {
        console.log(`${file}: rule ${rule.id} lacks ${missing.join(', ')}`);
        bad++;
      }
    }
}
process.exit(bad ? 1 : 0);
