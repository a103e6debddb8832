/**
 * Proves the e2e harness itself on real `nest new` projects of both majors:
 * template (cached) -> fresh copy -> npm run build -> the project's own tests ->
 * boot -> GET / -> stop. Does not use anything from src/.
 */
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, freshProject, nestTemplate, run, type BootedApp, type FreshProject, type NestMajor, type NestTemplate } from './support';

const majors: NestMajor[] = [11, 12];
const templates = new Map<NestMajor, Promise<NestTemplate>>();
const timings: string[] = [];

function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = Date.now();
  return fn().finally(() => timings.push(`${label}: ${((Date.now() - t) / 1000).toFixed(1)}s`));
}

beforeAll(() => {
  // Start both templates at once (each is an npm install of ~1 min on a cold cache);
  // the per-major tests below await their own.
  for (const m of majors) {
    const p = timed(`Nest ${m} template (create or reuse)`, () => nestTemplate(m));
    p.catch(() => undefined); // reported by the test that awaits it
    templates.set(m, p);
  }
});

afterAll(() => {
  console.log(`[ws-e2e] harness timings:\n  ${timings.join('\n  ')}`);
});

describe.each(majors)('e2e harness on Nest %i', (major) => {
  let template: NestTemplate;
  let project: FreshProject | undefined;
  let app: BootedApp | undefined;

  afterAll(async () => {
    await app?.stop();
    await project?.cleanup();
  });

  it('has a template made by `nest new` of this major', async () => {
    template = await templates.get(major)!;
    expect(template.info.major).toBe(major);
    expect(template.info.cliVersion.split('.')[0]).toBe(String(major));
    expect(template.info.coreVersion.split('.')[0]).toBe(String(major));
    expect(template.info.node).toMatch(major === 12 ? /^v24\./ : /^v\d+\./);
    const pkg = JSON.parse(readFileSync(join(template.dir, 'package.json'), 'utf8'));
    if (major === 11) {
      expect(pkg.type).toBeUndefined();
      expect(pkg.scripts.test).toBe('jest');
    } else {
      expect(pkg.type).toBe('module');
      expect(pkg.scripts.test).toMatch(/^vitest/);
    }
    expect(readFileSync(join(template.dir, 'src/main.ts'), 'utf8')).toContain('process.env.PORT');
    expect(template.env.CI).toBe('true');
    expect(Object.keys(template.env).filter((k) => k.startsWith('VITEST'))).toEqual([]);
  });

  it('makes an independent fresh copy (node_modules included)', async () => {
    project = await timed(`Nest ${major} fresh copy`, () => freshProject(major, `harness-${major}`));
    expect(project.dir).not.toBe(template.dir);
    expect(project.dir.startsWith(process.cwd())).toBe(false);
    expect(lstatSync(join(project.dir, 'node_modules')).isDirectory()).toBe(true);
    expect(existsSync(join(project.dir, 'node_modules/@nestjs/core/package.json'))).toBe(true);
    // cp -a keeps the relative .bin links
    expect(readlinkSync(join(project.dir, 'node_modules/.bin/nest')).startsWith('/')).toBe(false);
  });

  it('builds with `npm run build`', async () => {
    const p = project!;
    await timed(`Nest ${major} npm run build`, () => run('npm', ['run', 'build'], { cwd: p.dir, env: p.env, timeoutMs: 300_000 }));
    expect(existsSync(join(p.dir, 'dist/main.js'))).toBe(true);
  });

  it(`passes its own generated unit tests (${major === 11 ? 'jest' : 'vitest'})`, async () => {
    const p = project!;
    const r = await timed(`Nest ${major} npm test`, () => run('npm', ['test'], { cwd: p.dir, env: p.env, timeoutMs: 300_000 }));
    expect(`${r.stdout}\n${r.stderr}`).toMatch(/1 passed/);
  });

  it('boots on a free loopback port and answers GET / with the hello text', async () => {
    const p = project!;
    app = await timed(`Nest ${major} boot`, () => bootApp(p.dir, p.env));
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${app.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('Hello World!');
    if (existsSync(`/proc/${app.pid}/exe`)) {
      // Nest 12 runs on the cached Node 24, Nest 11 on the machine's node
      const exe = readlinkSync(`/proc/${app.pid}/exe`);
      if (major === 12) expect(exe).toContain('node24');
      else expect(exe).not.toContain('node24');
    }
  });

  it('stops the app and leaves no process behind', async () => {
    const a = app!;
    await timed(`Nest ${major} stop`, () => a.stop());
    expect(a.exited()).toBe(true);
    expect(() => process.kill(a.pid, 0)).toThrow();
    await a.stop(); // idempotent
  });
});
