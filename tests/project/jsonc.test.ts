import { parse, type ParseError, type ParseOptions } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { parseJsonc } from '../../src/project/jsonc';

/** parseJsonc must give exactly what jsonc-parser gives: the same value and the same errors. */
function expectSameAsJsoncParser(text: string, options?: ParseOptions) {
  const expectedErrors: ParseError[] = [];
  const expected = parse(text, expectedErrors, options);
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, options);
  expect(value).toStrictEqual(expected);
  expect(errors).toEqual(expectedErrors);
  if (value && typeof value === 'object') expect(Object.getPrototypeOf(value)).toStrictEqual(Object.getPrototypeOf(expected));
}

describe('parseJsonc', () => {
  const texts = {
    'plain JSON': '{\n  "name": "x",\n  "dependencies": { "@nestjs/core": "^11.0.1" },\n  "n": -0.5e3,\n  "list": [1, "two", null, true, {}]\n}\n',
    'CRLF and tabs': '{\r\n\t"a": "b\\u00e9\\n"\r\n}\r\n',
    'a duplicate key': '{ "a": 1, "b": 2, "a": 3 }',
    'comments (tsconfig.json)': '{\n  // the compiler\n  "compilerOptions": { /* esm */ "module": "esnext" }\n}\n',
    'a trailing comma': '{ "sourceRoot": "src", }',
    'invalid text': '{ "a": ',
    'empty text': '',
    'a __proto__ key': '{ "__proto__": { "polluted": true }, "a": 1 }',
    'a scalar': '"just a string"',
  };
  for (const [label, text] of Object.entries(texts)) {
    it(`reads ${label} as jsonc-parser does`, () => {
      expectSameAsJsoncParser(text);
      expectSameAsJsoncParser(text, { allowTrailingComma: true });
    });
  }

  it('reads past a byte order mark, as npm does (jsonc-parser reports it as an error)', () => {
    for (const text of ['\uFEFF{ "a": 1 }', '\uFEFF{ "a": 1, }', '\uFEFF{ // c\n"a": 1 }']) {
      const errors: ParseError[] = [];
      expect(parseJsonc(text, errors, { allowTrailingComma: true })).toStrictEqual({ a: 1 });
      expect(errors).toEqual([]);
    }
  });
});
