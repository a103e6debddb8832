import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/doctor/registry';

describe('README', () => {
  it("lists every doctor rule, in the registry's order, with its severity and trap", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const table = /\| rule \| severity \| the trap \|\n\| --- \| --- \| --- \|\n((?:\|.*\|\n)+)/.exec(readme)?.[1];
    expect(table, 'README has the rules table').toBeDefined();
    const rows = table!.trim().split('\n').map((row) => row.split(' | ').map((cell) => cell.replace(/^\| |`| \|$/g, '').replace(/\\\|/g, '|')));
    expect(rows).toEqual(RULES.map((rule) => [rule.id, rule.severity, rule.title]));
  });

  it('says how many rules there are where it shows the output', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const counts = [...readme.matchAll(/\((\d+) rules, failing on|"rules": (\d+)/g)].map((m) => Number(m[1] ?? m[2]));
    expect(counts.length).toBeGreaterThan(0);
    expect(counts).toEqual(counts.map(() => RULES.length));
  });
});
