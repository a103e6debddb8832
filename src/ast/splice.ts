/** A minimal text edit at a position found with the AST: replace `[start, end)` with `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

export const insertAt = (position: number, text: string): Splice => ({ start: position, end: position, text });

/**
 * Applies splices from the end of the file backwards so earlier positions stay valid,
 * leaving every byte outside the spliced ranges untouched.
 */
export function applySplices(source: string, splices: readonly Splice[]): string {
  const ordered = [...splices].sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < ordered.length; i++) {
    if (ordered[i].end > ordered[i - 1].start) throw new Error('overlapping splices');
  }
  let result = source;
  for (const { start, end, text } of ordered) result = result.slice(0, start) + text + result.slice(end);
  return result;
}

/** Removes the whole lines holding `[start, end)`, line break included, leaving neighbours untouched. */
export function removeLines(text: string, start: number, end: number): Splice {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  return { start: lineStart, end: newline === -1 ? text.length : newline + 1, text: '' };
}
