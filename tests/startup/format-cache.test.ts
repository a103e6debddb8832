import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formattedTexts } from '../../src/startup/format-cache';

let base: string;
let formatter: string;
const saved = { ...process.env };
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'ws-scaffold-format-cache-'));
  process.env.NODE_COMPILE_CACHE = base;
  delete process.env.NODE_DISABLE_COMPILE_CACHE;
  formatter = join(base, 'standalone.js');
  writeFileSync(formatter, 'exports.format = () => {};\n');
});
afterEach(() => {
  process.env = { ...saved };
  rmSync(base, { recursive: true, force: true });
});

const folder = () => join(base, `ws-scaffold-cache-${process.getuid?.() ?? 'user'}`, 'prettier');
const options = { singleQuote: true, filepath: '/p/src/a.ts' };

describe('formattedTexts: prettier answers kept between runs', () => {
  it('gives back what was kept for the same formatter, options and text, from a private file', () => {
    formattedTexts([formatter])!.set(options, 'const a = "1"', "const a = '1';\n");
    expect(formattedTexts([formatter])!.get({ ...options }, 'const a = "1"')).toBe("const a = '1';\n");
    const [entry] = readdirSync(folder());
    expect(statSync(join(folder(), entry)).mode & 0o777).toBe(0o600);
    expect(statSync(join(folder(), '..')).mode & 0o777).toBe(0o700);
  });

  it('has nothing for another text, other options, another file path or another formatter', () => {
    formattedTexts([formatter])!.set(options, 'const a = "1"', "const a = '1';\n");
    const texts = formattedTexts([formatter])!;
    expect(texts.get(options, 'const a = "2"')).toBeUndefined();
    expect(texts.get({ ...options, singleQuote: false }, 'const a = "1"')).toBeUndefined();
    expect(texts.get({ ...options, filepath: '/p/src/a.tsx' }, 'const a = "1"')).toBeUndefined();
    // A reinstalled or upgraded prettier: its files' size or mtime differ.
    utimesSync(formatter, new Date(), new Date(Date.now() + 5000));
    expect(formattedTexts([formatter])!.get(options, 'const a = "1"')).toBeUndefined();
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE, in a folder others can write to, or when the formatter is gone', () => {
    process.env.NODE_DISABLE_COMPILE_CACHE = '1';
    expect(formattedTexts([formatter])).toBeUndefined();
    expect(readdirSync(base)).toEqual(['standalone.js']);
    delete process.env.NODE_DISABLE_COMPILE_CACHE;

    formattedTexts([formatter])!.set(options, 'x', 'x;\n');
    chmodSync(join(folder(), '..'), 0o777);
    expect(formattedTexts([formatter])).toBeUndefined();
    chmodSync(join(folder(), '..'), 0o700);

    expect(formattedTexts([join(base, 'no-such-standalone.js')])).toBeUndefined();
  });

  it('removes answers not written for a month when it writes, and keeps recent ones', () => {
    const texts = formattedTexts([formatter])!;
    texts.set(options, 'old', 'old;\n');
    const [old] = readdirSync(folder());
    const monthsAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    utimesSync(join(folder(), old), monthsAgo, monthsAgo);
    texts.set(options, 'recent', 'recent;\n');
    expect(readdirSync(folder())).toHaveLength(2); // a run prunes once, as it first writes

    formattedTexts([formatter])!.set(options, 'new', 'new;\n');
    expect(readdirSync(folder())).not.toContain(old);
    expect(readdirSync(folder())).toHaveLength(2);
  });
});
