import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors';
import { diskTree } from '../../src/tree/tree';
import { detectProject, tsconfigPathAliases } from '../../src/project/detect';
import { FIXTURES, makeProject } from '../support/projects';

const detect = (files: Record<string, string>, project?: string) => detectProject(diskTree(makeProject(files)), { project });

describe('detectProject', () => {
  it('reads a CommonJS jest project', () => {
    expect(detect(FIXTURES['cjs-jest'])).toEqual({
      nestMajor: 11,
      moduleSystem: 'cjs',
      importSuffix: '',
      testRunner: 'jest',
      sourceRoot: 'src',
      projectName: undefined,
      packageManager: 'npm',
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

  it('prefers the installed @nestjs/core over the declared range', () => {
    const files = { ...FIXTURES['cjs-jest'], 'node_modules/@nestjs/core/package.json': '{ "version": "12.5.1" }' };
    expect(detect(files).nestMajor).toBe(12);
  });

  it('picks a monorepo project with --project, and the default source root without', () => {
    expect(detect(FIXTURES.monorepo, 'admin')).toMatchObject({ sourceRoot: 'apps/admin/src', projectName: 'admin', packageManager: 'pnpm', mainFile: 'apps/admin/src/main.ts' });
    expect(detect(FIXTURES.monorepo).sourceRoot).toBe('apps/api/src');
    expect(() => detect(FIXTURES.monorepo, 'web')).toThrow(/no project "web".*projects: api, admin/);
  });

  it('reads the package manager from lockfiles and the HTTP platform from dependencies', () => {
    const withYarn = { ...FIXTURES['cjs-jest'], 'yarn.lock': '' };
    expect(detect(withYarn).packageManager).toBe('yarn');
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

  it('says clearly when the folder is not a Nest project', () => {
    expect(() => detect({})).toThrow(UsageError);
    expect(() => detect({})).toThrow(/no package\.json/);
    expect(() => detect({ 'package.json': '{ "dependencies": { "express": "^5.0.0" } }' })).toThrow(/is not a NestJS project/);
    expect(() => detect({ 'package.json': '{ oops' })).toThrow(/not valid JSON/);
  });
});
