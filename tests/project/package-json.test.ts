import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors';
import { chooseRange, installedPackages, type InstalledPackages } from '../../src/project/dependency-ranges';
import { ensureDependencies } from '../../src/project/package-json';
import { diskTree } from '../../src/tree/tree';
import { makeProject } from '../support/projects';

type Json = string | { [key: string]: Json };

interface Style {
  label: string;
  /** The indentation unit; '' writes everything on one line. */
  unit: string;
  /** One-line files only: `{ "a": 1 }` or `{"a":1}`. */
  spaced?: boolean;
  eol?: string;
}

/** Writes a package.json the way a project in this style would have it. */
function write(value: Json, style: Style, depth = 0): string {
  if (typeof value === 'string') return JSON.stringify(value);
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  if (!style.unit) {
    const items = entries.map(([k, v]) => `${JSON.stringify(k)}:${style.spaced ? ' ' : ''}${write(v, style)}`);
    return style.spaced ? `{ ${items.join(', ')} }` : `{${items.join(',')}}`;
  }
  const eol = style.eol ?? '\n';
  const inner = style.unit.repeat(depth + 1);
  const items = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, style, depth + 1)}`);
  return `{${eol}${items.join(`,${eol}`)}${eol}${style.unit.repeat(depth)}}`;
}

const STYLES: Style[] = [
  { label: 'one line', unit: '' },
  { label: 'one line, spaced', unit: '', spaced: true },
  { label: '2 spaces', unit: '  ' },
  { label: '4 spaces', unit: '    ' },
  { label: 'tabs', unit: '\t' },
  { label: '2 spaces, CRLF', unit: '  ', eol: '\r\n' },
];

const WANTED = { 'class-validator': '^0.15.1', '@nestjs/websockets': '^11.0.0' };

/** The dependencies section before, and after the two packages went in where npm puts them. */
const SECTIONS: { label: string; before?: Record<string, string>; after: Record<string, string> }[] = [
  {
    label: 'a sorted section',
    before: { '@nestjs/core': '^11.0.1', rxjs: '^7.8.1' },
    after: { '@nestjs/core': '^11.0.1', '@nestjs/websockets': '^11.0.0', 'class-validator': '^0.15.1', rxjs: '^7.8.1' },
  },
  {
    label: 'an unsorted section (new keys last)',
    before: { rxjs: '^7.8.1', '@nestjs/core': '^11.0.1' },
    after: { rxjs: '^7.8.1', '@nestjs/core': '^11.0.1', 'class-validator': '^0.15.1', '@nestjs/websockets': '^11.0.0' },
  },
  { label: 'one entry', before: { '@nestjs/core': '^11.0.1' }, after: { '@nestjs/core': '^11.0.1', '@nestjs/websockets': '^11.0.0', 'class-validator': '^0.15.1' } },
  { label: 'an empty section', before: {}, after: { '@nestjs/websockets': '^11.0.0', 'class-validator': '^0.15.1' } },
  { label: 'no section (added last)', after: { '@nestjs/websockets': '^11.0.0', 'class-validator': '^0.15.1' } },
];

describe('ensureDependencies keeps the file as the project writes it', () => {
  for (const style of STYLES) {
    for (const section of SECTIONS) {
      for (const ending of ['\n', '']) {
        for (const bom of ['', '\uFEFF']) {
          const label = `${style.label}, ${section.label}, ${ending ? 'final newline' : 'no final newline'}${bom ? ', BOM' : ''}`;
          it(label, () => {
            const doc = (deps?: Record<string, string>): Json => ({ name: 'x', ...(deps ? { dependencies: deps } : {}), scripts: { build: 'nest build' } });
            const after: Json = section.before ? doc(section.after) : { ...(doc() as Record<string, Json>), dependencies: section.after };
            const eol = ending && (style.eol ?? '\n');
            const text = bom + write(doc(section.before), style) + eol;
            const result = ensureDependencies(text, WANTED);
            expect(result.text).toBe(bom + write(after, style) + eol);
            expect(result.added).toEqual(Object.keys(WANTED));
          });
        }
      }
    }
  }

  it('keeps a version the project already declares, in either section', () => {
    const text = '{ "dependencies": {}, "devDependencies": { "socket.io": "^4.7.0" } }';
    const result = ensureDependencies(text, { 'socket.io': { ranges: ['4.8.3'], accepts: '^4.0.0' } });
    expect(result.text).toBe(text);
    expect(result.kept).toEqual([{ name: 'socket.io', range: '^4.7.0' }]);
  });

  it('writes into devDependencies when asked, and refuses a section that is not an object', () => {
    expect(ensureDependencies('{"devDependencies":{"a":"1.0.0"}}', { b: '^2.0.0' }, { section: 'devDependencies' }).text).toBe('{"devDependencies":{"a":"1.0.0","b":"^2.0.0"}}');
    expect(() => ensureDependencies('{ "dependencies": [] }', { b: '^2.0.0' })).toThrow(UsageError);
  });

  it('pins exactly when the project does', () => {
    const result = ensureDependencies('{\n  "dependencies": {}\n}\n', { 'class-validator': { ranges: ['^0.15.1'] }, '@nestjs/websockets': { ranges: ['^11.0.0'], exact: '11.1.6' } }, { exact: true });
    expect(JSON.parse(result.text).dependencies).toEqual({ '@nestjs/websockets': '11.1.6', 'class-validator': '0.15.1' });
  });
});

/** An InstalledPackages of fixed answers. */
const installed = (versions: Record<string, string>, peers: Record<string, { by: string; range: string }[]> = {}): InstalledPackages => ({
  version: (name) => versions[name],
  peerRanges: (name) => peers[name] ?? [],
});

describe('chooseRange: the range an install cannot fail on', () => {
  const validator = { ranges: ['^0.15.1', '^0.14.0'] };
  const cases: { label: string; declared?: string; at?: InstalledPackages; exact?: boolean; expected: string | { kept: string } | RegExp }[] = [
    { label: 'nothing installed: the first range', expected: '^0.15.1' },
    { label: 'an installed peer range up to 0.14 (@nestjs/mapped-types 2.0)', at: installed({}, { 'class-validator': [{ by: '@nestjs/mapped-types 2.0.6', range: '^0.13.0 || ^0.14.0' }] }), expected: '^0.14.0' },
    { label: 'a peer range that allows 0.15', at: installed({}, { 'class-validator': [{ by: '@nestjs/mapped-types 2.1.1', range: '^0.13.0 || ^0.14.0 || ^0.15.0' }] }), expected: '^0.15.1' },
    { label: 'a peer range "*"', at: installed({}, { 'class-validator': [{ by: '@nestjs/swagger 11.0.0', range: '*' }] }), expected: '^0.15.1' },
    { label: 'a peer range no supported version meets', at: installed({}, { 'class-validator': [{ by: '@nestjs/mapped-types 1.0.0', range: '^0.12.0' }] }), expected: /^cannot add class-validator: the generated code needs \^0\.15\.1 or \^0\.14\.0, but @nestjs\/mapped-types 1\.0\.0 allows \^0\.12\.0 \(peer dependency\); update @nestjs\/mapped-types first\.$/ },
    { label: 'an installed copy that fits is declared as it is', at: installed({ 'class-validator': '0.14.2' }), expected: '^0.14.2' },
    { label: 'an installed copy that fits, exact', at: installed({ 'class-validator': '0.14.2' }), exact: true, expected: '0.14.2' },
    { label: 'an installed copy the code is not written for is not used', at: installed({ 'class-validator': '0.13.2' }), expected: '^0.15.1' },
    { label: 'an installed copy a peer range rules out is not used', at: installed({ 'class-validator': '0.15.1' }, { 'class-validator': [{ by: 'x 1.0.0', range: '^0.14.0' }] }), expected: '^0.14.0' },
    { label: 'exact: the lowest of the chosen range', exact: true, expected: '0.15.1' },
    { label: 'a declared range that fits is kept', declared: '^0.14.0', expected: { kept: '^0.14.0' } },
    { label: 'a declared tag is kept', declared: 'latest', expected: { kept: 'latest' } },
    { label: 'a declared range the code cannot use', declared: '^0.12.0', expected: /^package\.json declares class-validator "\^0\.12\.0", but the generated code needs \^0\.15\.1 \|\| \^0\.14\.0: update it, then run again\.$/ },
  ];
  for (const { label, declared, at, exact, expected } of cases) {
    it(label, () => {
      const choose = () => chooseRange('class-validator', validator, declared, { installed: at, exact });
      if (expected instanceof RegExp) expect(choose).toThrow(expected);
      else expect(choose()).toEqual(typeof expected === 'string' ? { range: expected } : expected);
    });
  }

  it('a Nest package pins the installed @nestjs/core version; socket.io accepts any 4.x', () => {
    expect(chooseRange('@nestjs/websockets', { ranges: ['^11.0.0'], exact: '11.1.6' }, undefined, { exact: true })).toEqual({ range: '11.1.6' });
    expect(chooseRange('@nestjs/websockets', { ranges: ['^11.0.0'], exact: '^11.0.1' }, undefined, { exact: true })).toEqual({ range: '11.0.0' });
    expect(() => chooseRange('@nestjs/websockets', { ranges: ['^11.0.0'] }, '^10.0.0', {})).toThrow(/declares @nestjs\/websockets "\^10\.0\.0"/);
    expect(chooseRange('socket.io', { ranges: ['4.8.3'], accepts: '^4.0.0' }, '4.7.5', {})).toEqual({ kept: '4.7.5' });
    expect(() => chooseRange('socket.io', { ranges: ['4.8.3'], accepts: '^4.0.0' }, '^2.4.0', {})).toThrow(UsageError);
  });
});

describe('installedPackages: where peer ranges come from', () => {
  const manifest = (name: string, version: string, peerDependencies?: Record<string, string>) => JSON.stringify({ name, version, peerDependencies });
  const peer = { 'class-validator': '^0.13.0 || ^0.14.0' };

  it("npm's record of node_modules (transitive packages included), then package-lock.json", () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'app' },
        'node_modules/@nestjs/mapped-types': { version: '2.0.6', peerDependencies: peer },
        'node_modules/class-validator': { version: '0.14.1' },
      },
    });
    for (const file of ['node_modules/.package-lock.json', 'package-lock.json']) {
      const packages = installedPackages(diskTree(makeProject({ [file]: lock, 'node_modules/class-validator/package.json': manifest('class-validator', '0.14.1') })), ['@nestjs/swagger']);
      expect(packages.peerRanges('class-validator')).toEqual([{ by: '@nestjs/mapped-types 2.0.6', range: '^0.13.0 || ^0.14.0' }]);
      expect(packages.version('class-validator')).toBe('0.14.1');
      expect(packages.peerRanges('ioredis')).toEqual([]);
    }
  });

  it('without an npm lockfile (pnpm, yarn): the declared packages themselves', () => {
    const packages = installedPackages(diskTree(makeProject({
      'node_modules/@nestjs/mapped-types/package.json': manifest('@nestjs/mapped-types', '2.0.6', peer),
      'node_modules/other/package.json': manifest('other', '1.0.0', peer),
    })), ['@nestjs/mapped-types', 'missing']);
    expect(packages.peerRanges('class-validator')).toEqual([{ by: '@nestjs/mapped-types 2.0.6', range: '^0.13.0 || ^0.14.0' }]);
    expect(packages.version('class-validator')).toBeUndefined();
  });

  it('a dependency next to an installed peer range ends in the range that fits it', () => {
    const root = makeProject({ 'node_modules/@nestjs/mapped-types/package.json': manifest('@nestjs/mapped-types', '2.0.6', peer) });
    const result = ensureDependencies('{\n  "dependencies": {\n    "@nestjs/mapped-types": "^2.0.6"\n  }\n}\n', { 'class-validator': { ranges: ['^0.15.1', '^0.14.0'] } }, {
      installed: installedPackages(diskTree(root), ['@nestjs/mapped-types']),
    });
    expect(JSON.parse(result.text).dependencies['class-validator']).toBe('^0.14.0');
  });
});
