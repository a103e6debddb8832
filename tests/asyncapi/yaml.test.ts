import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import { fromYaml, toYaml } from '../../src/asyncapi/yaml';
import { UsageError } from '../../src/errors';

const GOLDEN = join(__dirname, 'golden');
const documents = readdirSync(GOLDEN).map((file) => [file, JSON.parse(readFileSync(join(GOLDEN, file), 'utf8')) as unknown] as const);

describe('the YAML of a contract', () => {
  it.each(documents)('%s: read back as the same data, as written and as prettier rewrites it (both quote styles)', async (_, document) => {
    const yaml = toYaml(document);
    expect(fromYaml(yaml, 'asyncapi.yaml')).toEqual(document);
    for (const singleQuote of [false, true]) {
      const formatted = await format(`# the contract\n---\n${yaml}`, { parser: 'yaml', singleQuote, proseWrap: 'preserve' });
      expect(fromYaml(formatted, 'asyncapi.yaml')).toEqual(document);
    }
  });

  it('writes strings that YAML would read as something else quoted, and keys that need it', () => {
    const data = { a: 'true', b: '12', c: 'x: y', d: '#x', e: '', f: 'it has a # in', g: ' lead', h: 'null', 'a:b': 1, '1x': [], n: null, o: {}, t: true, list: [{ k: 'v', w: [1, 2] }, 'plain text'] };
    const yaml = toYaml(data);
    expect(yaml).toContain('a: "true"\nb: "12"\nc: "x: y"\nd: "#x"\ne: ""\n');
    expect(fromYaml(yaml, 'x.yaml')).toEqual(data);
  });

  it('anything outside the subset is one clear error naming the line', () => {
    for (const [text, line] of [
      ['a: 1\nb: &anchor 2\n', 2],
      ['a:\n  - [1, 2]\n', 2],
      ['a: |\n  text\n', 1],
      ['a: 1\n    b: 2\n', 2],
    ] as const) {
      expect(() => fromYaml(text, 'asyncapi.yaml')).toThrow(UsageError);
      expect(() => fromYaml(text, 'asyncapi.yaml')).toThrow(new RegExp(`^asyncapi\\.yaml:${line}: cannot read this YAML`));
    }
  });
});
