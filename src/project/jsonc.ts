import type { ParseError, ParseOptions } from 'jsonc-parser';

/**
 * jsonc-parser's `parse`, with the same result and errors, but loaded only for text that is not
 * plain JSON. Most package.json, nest-cli.json and ws-scaffold.json files are plain JSON, and
 * JSON.parse reads them without the ~10 ms it takes to load jsonc-parser (a start-up cost every
 * command, `check` included, would pay). For valid JSON both give the same value and no error;
 * comments, trailing commas and invalid text go to jsonc-parser, which decides and reports.
 */
export function parseJsonc(text: string, errors?: ParseError[], options?: ParseOptions): unknown {
  // A byte order mark (editors on Windows write one) is not part of the JSON; npm reads past it too.
  text = withoutBom(text);
  // `__proto__` is the one key the two read differently (an own property vs the prototype).
  if (!text.includes('__proto__')) {
    try {
      return JSON.parse(text);
    } catch {
      // not plain JSON: jsonc-parser below
    }
  }
  return jsoncParser().parse(text, errors, options);
}

/** The whole of jsonc-parser, for the edits (modify, applyEdits), loaded on first use. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const jsoncParser = (): typeof import('jsonc-parser') => require('jsonc-parser') as typeof import('jsonc-parser');

const BOM = '\uFEFF';

export const withoutBom = (text: string): string => (text.startsWith(BOM) ? text.slice(BOM.length) : text);

/** Runs an edit on the text after its byte order mark, and puts the mark back. */
export const keepingBom = (text: string, edit: (json: string) => string): string =>
  text.startsWith(BOM) ? BOM + edit(text.slice(BOM.length)) : edit(text);
