import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunResult } from './nest-project';

/** The `it(...)` cases of the spec files (`*.spec.ts`, or `suffix`) below `dirs` of a project: what its runner must pass. */
export function specCases(projectDir: string, dirs: string[], suffix = '.spec.ts'): { files: string[]; cases: number } {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(projectDir, dir))) {
      const path = `${dir}/${name}`;
      if (statSync(join(projectDir, path)).isDirectory()) walk(path);
      else if (name.endsWith(suffix)) files.push(path);
    }
  };
  dirs.forEach(walk);
  const cases = files.reduce((n, file) => n + (readFileSync(join(projectDir, file), 'utf8').match(/^\s*it\(/gm)?.length ?? 0), 0);
  return { files, cases };
}

/** The project's own runner (jest on Nest 11, vitest on Nest 12) ran every spec below `dirs` and passed every case. */
export function expectSpecsPassed(result: RunResult, projectDir: string, dirs: string[], atLeast: number, suffix?: string): void {
  const { files, cases } = specCases(projectDir, dirs, suffix);
  expect(cases).toBeGreaterThanOrEqual(atLeast);
  const output = `${result.stdout}\n${result.stderr}`;
  for (const file of files) expect(output).toContain(file.split('/').pop());
  expect(output).toMatch(new RegExp(`Tests:?\\s+${cases} passed`));
}

/**
 * The lint `nest new` set up, on what ws-scaffold wrote: ESLint with its type-checked rules on
 * Nest 11, oxlint --type-aware on Nest 12; zero errors and zero warnings.
 */
export async function expectLintClean(sh: (cmd: string, args: string[]) => Promise<RunResult>, major: 11 | 12, paths: string[]): Promise<void> {
  if (major === 11) await sh('npx', ['eslint', '--max-warnings', '0', ...paths]);
  else await sh('npx', ['oxlint', '--type-aware', '--deny-warnings', ...paths]);
}

/**
 * The project's own `npm run test:e2e` (nest new's e2e config: jest's test/jest-e2e.json on Nest 11,
 * vitest.config.e2e.ts on Nest 12) ran every test/*.e2e-spec.ts, nest new's and ours, passed every
 * case, and exited (a socket or server left open would keep jest from exiting: the run times out).
 */
export async function expectE2eSpecsPassed(sh: (cmd: string, args: string[]) => Promise<RunResult>, projectDir: string, atLeast: number): Promise<void> {
  expectSpecsPassed(await sh('npm', ['run', 'test:e2e']), projectDir, ['test'], atLeast, '.e2e-spec.ts');
}
