import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors';
import { diskTree } from '../../src/tree/tree';
import { detectNest, detectProject, tsconfigPathAliases } from '../../src/project/detect';
import { FIXTURES, makeProject, type FixtureFiles } from '../support/projects';

const detect = (files: FixtureFiles, project?: string) => detectProject(diskTree(makeProject(files)), { project });
const withPackage = (pkg: Record<string, unknown>, files: FixtureFiles = FIXTURES['cjs-jest']): FixtureFiles => ({ ...files, 'package.json': JSON.stringify(pkg) });
const nestPackage = (core: string, extra: Record<string, unknown> = {}) => ({ name: 'x', dependencies: { '@nestjs/common': core, '@nestjs/core': core }, ...extra });
const without = (files: FixtureFiles, path: string): FixtureFiles => Object.fromEntries(Object.entries(files).filter(([p]) => p !== path));
const installedCore = (version: string): FixtureFiles => ({ 'node_modules/@nestjs/core/package.json': JSON.stringify({ name: '@nestjs/core', version }) });

/** A thrown UsageError's message, one line. */
function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a UsageError');
}

describe('detectProject', () => {
  it('reads a CommonJS jest project', () => {
    expect(detect(FIXTURES['cjs-jest'])).toEqual({
      nestMajor: 11,
      nestVersion: '^11.0.1',
      moduleSystem: 'cjs',
      importSuffix: '',
      testRunner: 'jest',
      sourceRoot: 'src',
      projectName: undefined,
      packageManager: 'npm',
      packageManagerSignal: { name: 'npm', berry: false, source: 'no lockfile', candidates: [{ name: 'npm', berry: false, source: 'no lockfile' }] },
      savesExact: false,
      prettierConfig: undefined,
      httpPlatform: 'express',
      mainFile: 'src/main.ts',
      dependencies: ['@nestjs/common', '@nestjs/core', 'jest', 'reflect-metadata'],
    });
  });

  it('reads an ESM vitest project with prettier', () => {
    expect(detect(FIXTURES['esm-vitest'])).toMatchObject({
      nestMajor: 12, moduleSystem: 'esm', importSuffix: '.js', testRunner: 'vitest', prettierConfig: '.prettierrc',
    });
  });

  it('reads the HTTP platform from dependencies', () => {
    const fastify = JSON.parse(FIXTURES['cjs-jest']['package.json']);
    fastify.dependencies['@nestjs/platform-fastify'] = '^11.0.0';
    expect(detect({ ...FIXTURES['cjs-jest'], 'package.json': JSON.stringify(fastify) }).httpPlatform).toBe('fastify');
  });

  it('reads tsconfig paths with baseUrl applied (comments allowed), project-relative', () => {
    const tsconfig = '{\n  // a Nest monorepo\n  "compilerOptions": {\n    "baseUrl": "./",\n    "paths": { "@app/shared": ["libs/shared/src"], "@app/shared/*": ["libs/shared/src/*"] },\n  },\n}\n';
    expect(tsconfigPathAliases(diskTree(makeProject({ ...FIXTURES.monorepo, 'tsconfig.json': tsconfig })))).toEqual({
      '@app/shared': ['libs/shared/src'],
      '@app/shared/*': ['libs/shared/src/*'],
    });
    const nested = '{ "compilerOptions": { "baseUrl": "src", "paths": { "~/*": ["./*"] } } }';
    expect(tsconfigPathAliases(diskTree(makeProject({ ...FIXTURES['cjs-jest'], 'tsconfig.json': nested })))).toEqual({ '~/*': ['src/*'] });
    expect(tsconfigPathAliases(diskTree(makeProject(FIXTURES['cjs-jest'])))).toEqual({});
  });
});

describe('the Nest major: supported ones only, from the installed @nestjs/core, else the declared range', () => {
  const majors = [7, 10, 11, 12, 13];
  for (const major of majors) {
    const supported = major === 11 || major === 12;
    it(`Nest ${major} declared (not installed): ${supported ? 'detected' : 'exit 1 naming it and the supported range'}`, () => {
      const files = withPackage(nestPackage(`^${major}.0.0`));
      if (supported) {
        expect(detect(files)).toMatchObject({ nestMajor: major, nestVersion: `^${major}.0.0` });
      } else {
        expect(usageError(() => detect(files))).toBe(
          `Nest ${major} is not supported (package.json declares @nestjs/core "^${major}.0.0"): ws-scaffold supports Nest 11 and 12 (@nestjs/core ^11.0.0 || ^12.0.0).`,
        );
      }
    });

    it(`Nest ${major} installed under another declared range: the installed version wins`, () => {
      const declared = major === 11 ? '^12.0.0' : '^11.0.0';
      const files = { ...withPackage(nestPackage(declared)), ...installedCore(`${major}.2.3`) };
      if (supported) expect(detect(files)).toMatchObject({ nestMajor: major, nestVersion: `${major}.2.3` });
      else expect(usageError(() => detect(files))).toContain(`Nest ${major} is not supported (@nestjs/core ${major}.2.3 is installed)`);
    });
  }

  const ranges: [string, number | 'unknown'][] = [
    ['11.1.0', 11],
    ['~12.1.0', 12],
    ['11.x', 11],
    ['>=11.0.0 <13.0.0', 11],
    ['^10.0.0 || ^11.0.0', 11],
    ['workspace:^12.0.0', 12],
    ['latest', 'unknown'],
    ['file:../nest-core', 'unknown'],
  ];
  for (const [range, major] of ranges) {
    it(`declared "${range}" → ${major}`, () => {
      const files = withPackage(nestPackage(range));
      if (major === 'unknown') expect(usageError(() => detect(files))).toMatch(/^cannot tell the Nest major from @nestjs\/core ".*" in package.json: install the dependencies first/);
      else expect(detect(files).nestMajor).toBe(major);
      // Installed, the version is read instead, whatever the range says.
      expect(detect({ ...files, ...installedCore('12.5.1') }).nestMajor).toBe(12);
    });
  }

  it('is checked before the source root and the package manager are read', () => {
    const files = { ...withPackage(nestPackage('^10.0.0')), 'nest-cli.json': '{ "sourceRoot": "../outside" }' };
    expect(usageError(() => detect(files))).toMatch(/^Nest 10 is not supported/);
    expect(usageError(() => detectNest(diskTree(makeProject(files))))).toMatch(/^Nest 10 is not supported/);
  });
});

describe('package.json that is not what it should be', () => {
  const cases: [string, string, RegExp | 'ok'][] = [
    ['missing', '', /has no package\.json/],
    ['null', 'null', /^package\.json holds null, not an object: fix it first\.$/],
    ['an array', '[]', /^package\.json holds an array, not an object/],
    ['a string', '"x"', /^package\.json holds a string, not an object/],
    ['invalid JSON', '{ oops', /^package\.json is not valid JSON \(at line 1, column 3\); fix it first\.$/],
    ['dependencies null', '{ "dependencies": null }', /^package\.json: "dependencies" must be an object of version strings/],
    ['a version that is not a string', '{ "dependencies": { "@nestjs/core": 11 } }', /^package\.json: "dependencies" must be an object of version strings/],
    ['no @nestjs/core', '{ "dependencies": { "express": "^5.0.0" } }', /is not a NestJS project: package\.json does not depend on @nestjs\/core/],
    ['a byte order mark', `\uFEFF${FIXTURES['cjs-jest']['package.json']}`, 'ok'],
  ];
  for (const [label, text, expected] of cases) {
    it(`${label}: ${expected === 'ok' ? 'read as it is' : 'one clear line'}`, () => {
      const files: FixtureFiles = { ...FIXTURES['cjs-jest'] };
      files['package.json'] = text;
      if (label === 'missing') delete files['package.json'];
      if (expected === 'ok') expect(detect(files).nestMajor).toBe(11);
      else expect(usageError(() => detect(files))).toMatch(expected);
    });
  }
});

describe('monorepos: the source root as nest g picks it', () => {
  const cli = (config: unknown): FixtureFiles => ({ ...FIXTURES.monorepo, 'nest-cli.json': JSON.stringify(config) });
  const projects = {
    api: { type: 'application', root: 'apps/api', sourceRoot: 'apps/api/src' },
    admin: { type: 'application', root: 'apps/admin', sourceRoot: 'apps/admin/src', entryFile: 'server' },
  };
  const noDefault = /^nest-cli\.json has no usable default project \(.*\): choose one with --project <name> \(projects: api, admin\)\.$/;

  const shapes: { label: string; files: FixtureFiles; project?: string; expected: Partial<ReturnType<typeof detectProject>> | RegExp }[] = [
    { label: 'no nest-cli.json', files: without(FIXTURES['cjs-jest'], 'nest-cli.json'), expected: { sourceRoot: 'src', mainFile: 'src/main.ts' } },
    { label: 'a standard project with another sourceRoot and entryFile', files: { ...FIXTURES['cjs-jest'], 'nest-cli.json': '{ "sourceRoot": "./source/", "entryFile": "boot" }' }, expected: { sourceRoot: 'source', mainFile: 'source/boot.ts' } },
    { label: 'the default project (top-level sourceRoot)', files: cli({ sourceRoot: 'apps/api/src', monorepo: true, root: 'apps/api', projects }), expected: { sourceRoot: 'apps/api/src', projectName: undefined, mainFile: 'apps/api/src/main.ts' } },
    { label: '--project admin (its own entryFile)', files: cli({ sourceRoot: 'apps/api/src', monorepo: true, projects }), project: 'admin', expected: { sourceRoot: 'apps/admin/src', projectName: 'admin', mainFile: 'apps/admin/src/server.ts' } },
    { label: '--project with only a root', files: cli({ sourceRoot: 'apps/api/src', projects: { ...projects, admin: { root: 'apps/admin' } } }), project: 'admin', expected: { sourceRoot: 'apps/admin/src', mainFile: 'apps/admin/src/main.ts' } },
    { label: 'a project entryFile falls back to the top-level one', files: cli({ sourceRoot: 'apps/api/src', entryFile: 'boot', projects: { api: projects.api } }), project: 'api', expected: { mainFile: 'apps/api/src/boot.ts' } },
    { label: 'libraries only, the app in src/', files: { ...FIXTURES['cjs-jest'], 'nest-cli.json': JSON.stringify({ projects: { shared: { type: 'library', root: 'libs/shared' } } }) }, expected: { sourceRoot: 'src' } },
    { label: 'a monorepo without a top-level sourceRoot', files: cli({ monorepo: true, projects }), expected: noDefault },
    { label: 'a monorepo whose default sourceRoot holds no files', files: cli({ monorepo: true, sourceRoot: 'apps/gone/src', projects }), expected: noDefault },
    { label: 'an unknown --project', files: cli({ sourceRoot: 'apps/api/src', projects }), project: 'web', expected: /^no project "web" in nest-cli\.json \(projects: api, admin\)\.$/ },
    { label: '--project in a project without projects', files: FIXTURES['cjs-jest'], project: 'api', expected: /^no project "api" in nest-cli\.json\.$/ },
    { label: '--project toString (not an own key)', files: cli({ sourceRoot: 'apps/api/src', projects }), project: 'toString', expected: /^no project "toString"/ },
  ];
  for (const { label, files, project, expected } of shapes) {
    it(label, () => {
      if (expected instanceof RegExp) expect(usageError(() => detect(files, project))).toMatch(expected);
      else expect(detect(files, project)).toMatchObject(expected);
    });
  }

  const outside = ['../outside', '../../etc', '/etc', 'C:\\Windows', 'src/../../x', 'node_modules/x', '.git/hooks', 'src\u0007'];
  for (const sourceRoot of outside) {
    it(`sourceRoot ${JSON.stringify(sourceRoot)} outside the project: one line naming the field`, () => {
      const top = usageError(() => detect({ ...FIXTURES['cjs-jest'], 'nest-cli.json': JSON.stringify({ sourceRoot }) }));
      expect(top).toBe(`nest-cli.json: "sourceRoot" ${JSON.stringify(sourceRoot)} is not a path inside the project (relative, not into .git or node_modules); ws-scaffold writes only there.`);
      const inProject = usageError(() => detect(cli({ sourceRoot: 'apps/api/src', projects: { ...projects, admin: { sourceRoot } } }), 'admin'));
      expect(inProject).toContain('projects.admin."sourceRoot"');
    });
  }

  it('entryFile outside the project, and nest-cli.json of the wrong shape: one line each', () => {
    expect(usageError(() => detect({ ...FIXTURES['cjs-jest'], 'nest-cli.json': '{ "entryFile": "../../../tmp/x" }' }))).toMatch(/^nest-cli\.json: "entryFile" "..\/..\/..\/tmp\/x" is not a path inside the project/);
    expect(usageError(() => detect({ ...FIXTURES['cjs-jest'], 'nest-cli.json': '[]' }))).toBe('nest-cli.json holds an array, not an object: fix it first.');
    expect(usageError(() => detect({ ...FIXTURES['cjs-jest'], 'nest-cli.json': '{ "projects": [] }' }))).toBe('nest-cli.json: "projects" must be an object of projects.');
    expect(usageError(() => detect({ ...FIXTURES['cjs-jest'], 'nest-cli.json': '{ "sourceRoot": 5 }' }))).toBe('nest-cli.json: "sourceRoot" must be a string.');
    expect(usageError(() => detect({ ...FIXTURES['cjs-jest'], 'nest-cli.json': '{ "projects": { "a": null } }' }))).toBe('nest-cli.json: projects.a must be an object.');
    expect(detect({ ...FIXTURES['cjs-jest'], 'nest-cli.json': 'null' }).sourceRoot).toBe('src');
    expect(detect({ ...FIXTURES['cjs-jest'], 'nest-cli.json': '\uFEFF{ "sourceRoot": "src" }' }).sourceRoot).toBe('src');
  });
});

describe('exact pins', () => {
  const exactDeps = { '@nestjs/common': '11.1.6', '@nestjs/core': '11.1.6', rxjs: '7.8.2' };
  const cases: { label: string; pkg: Record<string, unknown>; files?: FixtureFiles; exact: boolean }[] = [
    { label: 'ranges', pkg: nestPackage('^11.0.1'), exact: false },
    { label: 'every dependency exact', pkg: { dependencies: exactDeps, devDependencies: { typescript: '5.9.3' } }, exact: true },
    { label: 'one range among exact ones', pkg: { dependencies: exactDeps, devDependencies: { typescript: '^5.9.3' } }, exact: false },
    { label: 'exact, plus a workspace, file and alias dependency', pkg: { dependencies: { ...exactDeps, a: 'workspace:*', b: 'file:../b', c: 'npm:lodash@4.17.21' } }, exact: true },
    { label: 'a tag is not exact', pkg: { dependencies: { ...exactDeps, d: 'latest' } }, exact: false },
    { label: '.npmrc save-exact=true', pkg: nestPackage('^11.0.1'), files: { '.npmrc': 'registry=https://example.invalid/\nsave-exact = true\n' }, exact: true },
    { label: '.npmrc save-exact=false beats exact dependencies', pkg: { dependencies: exactDeps }, files: { '.npmrc': 'save-exact=false\n' }, exact: false },
    { label: 'yarn berry defaultSemverRangePrefix ""', pkg: nestPackage('^11.0.1'), files: { '.yarnrc.yml': 'nodeLinker: node-modules\ndefaultSemverRangePrefix: ""\n' }, exact: true },
  ];
  for (const { label, pkg, files, exact } of cases) {
    it(`${label}: ${exact ? 'exact' : 'ranges'}`, () => {
      expect(detect({ ...withPackage(pkg), ...files }).savesExact).toBe(exact);
    });
  }
});
