import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runGenerator } from '../../src/commands/run';
import { GENERATORS } from '../../src/generators/registry';

/**
 * Golden outputs: tests/generators/golden/<generator>/<case>/{input/, options.json, output/}.
 * Each case runs its generator runs (options.json: `{ "runs": [{ "generator", "options",
 * "project"? }] }`) on a copy of input/, and the whole resulting project must equal output/, file
 * for file, byte for byte: a template change is a diff in review. `UPDATE_GOLDEN=1` rewrites
 * output/ from what the generators write now (review the diff, then commit it).
 * Packages a case needs installed live in input/installed/ (git ignores node_modules/); they are
 * copied to node_modules/ and are not part of the output.
 */
const root = join(__dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

interface GoldenRun {
  generator: string;
  options: Record<string, unknown>;
  project?: string;
}

function filesOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      if (current === dir && name === 'node_modules') continue;
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full).split('\\').join('/'), readFileSync(full, 'utf8'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

const cases = readdirSync(root).flatMap((generator) => readdirSync(join(root, generator)).map((name) => ({ generator, name, dir: join(root, generator, name) })));

describe('golden outputs', () => {
  it('cover every generator', () => {
    expect(new Set(cases.map((c) => c.generator))).toEqual(new Set(Object.keys(GENERATORS)));
  });

  for (const c of cases) {
    it(`${c.generator}/${c.name}`, async () => {
      const project = mkdtempSync(join(tmpdir(), 'ws-scaffold-golden-'));
      try {
        cpSync(join(c.dir, 'input'), project, { recursive: true, filter: (source) => !source.startsWith(join(c.dir, 'input', 'installed')) });
        if (existsSync(join(c.dir, 'input', 'installed'))) cpSync(join(c.dir, 'input', 'installed'), join(project, 'node_modules'), { recursive: true });
        const { runs } = JSON.parse(readFileSync(join(c.dir, 'options.json'), 'utf8')) as { runs: GoldenRun[] };
        for (const run of runs) {
          await runGenerator(await GENERATORS[run.generator](), run.options as never, { cwd: project, project: run.project, skipInstall: true });
        }
        const actual = filesOf(project);
        const output = join(c.dir, 'output');
        if (update) {
          rmSync(output, { recursive: true, force: true });
          for (const [path, text] of actual) {
            mkdirSync(dirname(join(output, path)), { recursive: true });
            writeFileSync(join(output, path), text);
          }
        }
        const expected = filesOf(output);
        expect([...actual.keys()]).toEqual([...expected.keys()]);
        for (const [path, text] of expected) expect(actual.get(path), path).toBe(text);
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    });
  }
});
