/** What a file looks like, so that inserted text blends in. Read from the text itself, never assumed. */
export interface TextStyle {
  eol: '\n' | '\r\n';
  /** One level of indentation as the file writes it (two spaces, four spaces or a tab). */
  indentUnit: string;
  quote: "'" | '"';
  semicolons: boolean;
}

export function detectEol(text: string): '\n' | '\r\n' {
  const crlf = text.indexOf('\r\n');
  const lf = text.indexOf('\n');
  return crlf !== -1 && crlf < lf ? '\r\n' : '\n';
}

export function detectIndentUnit(text: string): string {
  const indents = text.split(/\r?\n/).map((line) => /^([ \t]+)\S/.exec(line)?.[1]).filter((i): i is string => !!i);
  if (indents.some((i) => i.startsWith('\t'))) return '\t';
  const widths = indents.map((i) => i.length).filter((w) => w > 0);
  const smallest = widths.length ? Math.min(...widths) : 2;
  return ' '.repeat(smallest >= 2 && smallest <= 8 ? smallest : 2);
}

/**
 * Quote style of the module specifiers already in the file; in a file without imports, of most of
 * its string literals (comments left out); single quotes when there are none.
 */
export function detectQuote(text: string): "'" | '"' {
  const match = /^\s*(?:import|export)\b[^;'"]*?from\s*(['"])/m.exec(text) ?? /^\s*import\s*(['"])/m.exec(text);
  if (match) return match[1] === '"' ? '"' : "'";
  const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  const count = (pattern: RegExp) => code.match(pattern)?.length ?? 0;
  return count(/"[^"\n]*"/g) > count(/'[^'\n]*'/g) ? '"' : "'";
}

export function detectSemicolons(text: string): boolean {
  const statements = text.match(/^\s*import\b[\s\S]*?from\s*['"][^'"]+['"](;?)/gm);
  if (!statements?.length) return true;
  return statements.filter((s) => s.endsWith(';')).length * 2 >= statements.length;
}

export function detectTextStyle(text: string): TextStyle {
  return {
    eol: detectEol(text),
    indentUnit: detectIndentUnit(text),
    quote: detectQuote(text),
    semicolons: detectSemicolons(text),
  };
}

/**
 * A statement written with its `;` (as snippets are), as the file writes statements: without it
 * in a file that leaves semicolons out, with a leading `;` where a line would then continue the
 * previous statement (`(`, `[`, a template, `+`, `-`, `/`).
 */
export function statementInStyle(statement: string, style: Pick<TextStyle, 'semicolons'>): string {
  if (style.semicolons) return statement;
  const bare = statement.replace(/;\s*$/, '');
  return /^[([`+\-/]/.test(bare) ? `;${bare}` : bare;
}

/** The leading whitespace of the line that holds `position`. */
export function indentationAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** Position just past the end of the line holding `position` (before its line break). */
export function endOfLine(text: string, position: number): number {
  const newline = text.indexOf('\n', position);
  if (newline === -1) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}
