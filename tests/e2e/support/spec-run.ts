import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunResult } from './nest-project';

/** The `it(...)` cases of the *.spec.ts files below `dirs` of a project: what its runner must pass. */
export function specCases(projectDir: string, dirs: string[]): { files: string[]; cases: number } {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(projectDir, dir))) {
      const path = `${dir}/${name}`;
      if (statSync(join(projectDir, path)).isDirectory()) walk(path);
      else if (name.endsWith('.spec.ts')) files.push(path);
    }
  };
  dirs.forEach(walk);
  const cases = files.reduce((n, file) => n + (readFileSync(join(projectDir, file), 'utf8').match(/^\s*it\(/gm)?.length ?? 0), 0);
  return { files, cases };
}

/** The project's own runner (jest on Nest 11, vitest on Nest 12) ran every spec below `dirs` and passed every case. */
export function expectSpecsPassed(result: RunResult, projectDir: string, dirs: string[], atLeast: number): void {
  const { files, cases } = specCases(projectDir, dirs);
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
