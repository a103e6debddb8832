import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose';
import type { DoctorProject } from '../../src/doctor/project';
import { defineRule, type Hit } from '../../src/doctor/rule';

const TEXT = [
  'const a = 1;',
  '// ws-scaffold-ignore first-rule -- kept on purpose',
  'const b = 2;',
  'const c = 3; // ws-scaffold-ignore other-rule, first-rule',
  'const d = 4; // ws-scaffold-ignore other-rule (the comment ending line 4 says nothing about this one)',
].join('\r\n');
const project = { text: (path: string) => (path === 'src/a.ts' ? TEXT : undefined) } as unknown as DoctorProject;
const rule = (id: string, hits: Hit[] | (() => Hit[])) =>
  defineRule({ id, severity: 'warning', title: id, rationale: '', fix: `fix ${id}`, sources: [], check: typeof hits === 'function' ? hits : () => hits });

describe('diagnose', () => {
  it('sorts findings by file and line, gives each the rule fix unless the hit has its own', () => {
    const { findings } = diagnose(project, [
      rule('first-rule', [{ file: 'src/b.ts', line: 2, message: 'm1' }, { file: 'src/a.ts', line: 1, message: 'm2', fix: 'own fix' }]),
      rule('second-rule', [{ file: 'src/a.ts', line: 1, message: 'm3' }]),
    ]);
    expect(findings).toEqual([
      { rule: 'first-rule', severity: 'warning', file: 'src/a.ts', line: 1, message: 'm2', fix: 'own fix' },
      { rule: 'second-rule', severity: 'warning', file: 'src/a.ts', line: 1, message: 'm3', fix: 'fix second-rule' },
      { rule: 'first-rule', severity: 'warning', file: 'src/b.ts', line: 2, message: 'm1', fix: 'fix first-rule' },
    ]);
  });

  it('ws-scaffold-ignore <rule> on the line or the line above silences that rule only', () => {
    const hitsAt = (...lines: number[]) => lines.map((line) => ({ file: 'src/a.ts', line, message: `at ${line}` }));
    const { findings } = diagnose(project, [rule('first-rule', hitsAt(1, 3, 4, 5)), rule('other-rule', hitsAt(3, 5))]);
    expect(findings.map((f) => `${f.rule}:${f.line}`)).toEqual(['first-rule:1', 'other-rule:3', 'first-rule:5']);
  });

  it('a rule that fails is reported as incomplete; the others still run', () => {
    const result = diagnose(project, [
      rule('broken-rule', () => {
        throw new Error('unexpected shape');
      }),
      rule('first-rule', [{ file: 'src/b.ts', line: 1, message: 'm' }]),
    ]);
    expect(result.incomplete).toEqual([{ rule: 'broken-rule', reason: 'unexpected shape' }]);
    expect(result.findings.map((f) => f.rule)).toEqual(['first-rule']);
  });
});
