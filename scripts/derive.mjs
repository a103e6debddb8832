#!/usr/bin/env node
// Rewrites what is made from the option declarations (src/generators/*/<name>.options.ts): each
// schematic's schema.json and README's option tables. `npm run derive` (after a build); a test
// fails while a committed file differs from what this writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const { COMMANDS } = require('../dist/generators/commands.js');
const { schematicSchema, schemaFile } = require('../dist/schematics/schema-json.js');
const { readmeWithOptionTables } = require('../dist/cli/options-table.js');

for (const spec of COMMANDS.filter((s) => s.schematic)) {
  writeFileSync(join(root, schemaFile(spec)), `${JSON.stringify(schematicSchema(spec), null, 2)}\n`);
}
const readme = join(root, 'README.md');
writeFileSync(readme, readmeWithOptionTables(readFileSync(readme, 'utf8'), COMMANDS));
