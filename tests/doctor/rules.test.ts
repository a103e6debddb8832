import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctorProject } from '../../src/commands/doctor';
import { RULES } from '../../src/doctor/registry';

/**
 * One table for every rule: tests/doctor/fixtures/<rule>/{trap,fixed} hold the files that differ
 * from a clean base project (tests/doctor/fixtures/_bases/<base>, `socket.io` unless the rule's fixture.json
 * names another). A trap line carries `// doctor-expect: <rule> [<rule>...]`; files that cannot hold
 * comments list theirs in the variant's expected.json. doctor must find exactly those findings in the
 * trap (the rule's, at those lines, and nothing else) and nothing at all in the fixed variant.
 * `installed/` in a variant stands for node_modules/ (which git does not keep).
 */
const FIXTURES = join(__dirname, 'fixtures');
const BASES = join(FIXTURES, '_bases');

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesBelow(full) : [full];
  });
}

function materialise(rule: string, variant: 'trap' | 'fixed'): { root: string; expected: string[] } {
  const config = join(FIXTURES, rule, 'fixture.json');
  const base = existsSync(config) ? (JSON.parse(readFileSync(config, 'utf8')) as { base: string }).base : 'socket.io';
  const root = mkdtempSync(join(tmpdir(), `ws-scaffold-doctor-${rule}-`));
  cpSync(join(BASES, base), root, { recursive: true });
  const dir = join(FIXTURES, rule, variant);
  const expected: string[] = [];
  for (const file of filesBelow(dir)) {
    const path = relative(dir, file).split('\\').join('/');
    if (path === 'expected.json') {
      for (const e of JSON.parse(readFileSync(file, 'utf8')) as { rule?: string; file: string; line: number }[]) expected.push(`${e.rule ?? rule} ${e.file}:${e.line}`);
      continue;
    }
    const target = path.startsWith('installed/') ? posix.join('node_modules', path.slice('installed/'.length)) : path;
    cpSync(file, join(root, target));
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        const marked = /doctor-expect:\s*([\w\s-]+)/.exec(line)?.[1];
        for (const id of marked?.trim().split(/\s+/) ?? []) expected.push(`${id} ${target}:${index + 1}`);
      });
  }
  return { root, expected: expected.sort() };
}

const found = (root: string) => {
  const result = doctorProject(root, { failOn: 'info' });
  expect(result.incomplete).toEqual([]);
  return result.findings.map((f) => `${f.rule} ${f.file}:${f.line}`).sort();
};

const ruleDirs = readdirSync(FIXTURES).filter((name) => !name.startsWith('_')).sort();

describe('doctor rules, trap and fixed', () => {
  it('every rule has a trap and a fixed fixture, and every fixture names a rule', () => {
    expect(ruleDirs).toEqual(RULES.map((r) => r.id).sort());
    for (const rule of ruleDirs) for (const variant of ['trap', 'fixed']) expect(existsSync(join(FIXTURES, rule, variant)), `${rule}/${variant}`).toBe(true);
  });

  it.each(readdirSync(BASES))('the %s base project is clean', (base) => {
    const root = mkdtempSync(join(tmpdir(), 'ws-scaffold-doctor-base-'));
    cpSync(join(BASES, base), root, { recursive: true });
    expect(found(root)).toEqual([]);
    expect(doctorProject(root).gateways).toBeGreaterThan(0);
  });

  describe.each(ruleDirs)('%s', (rule) => {
    it('finds the trap at the marked lines, and nothing else', () => {
      const { root, expected } = materialise(rule, 'trap');
      expect(expected.filter((e) => e.startsWith(`${rule} `)).length).toBeGreaterThan(0);
      expect(found(root)).toEqual(expected);
    });

    it('finds nothing once it is fixed', () => {
      const { root, expected } = materialise(rule, 'fixed');
      expect(expected).toEqual([]);
      expect(found(root)).toEqual([]);
    });
  });
});
