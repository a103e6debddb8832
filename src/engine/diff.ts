import { applyPatch, createTwoFilesPatch, structuredPatch, type StructuredPatchHunk } from 'diff';
import { sameCode } from '../ast/same-code';

/** A git-style unified diff of one file; `before` undefined means the file is new. */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined): string {
  return createTwoFilesPatch(
    before === undefined ? '/dev/null' : `a/${path}`,
    after === undefined ? '/dev/null' : `b/${path}`,
    before ?? '',
    after ?? '',
    '',
    '',
    { context: 3 },
  )
    .split('\n')
    .slice(1) // the "====" line createTwoFilesPatch starts with
    .join('\n');
}

/**
 * The unified diff of two versions of a file that differ in code, showing only the changes of
 * code: each run of changed lines that alone changes nothing but formatting (the other side
 * formatted with another config, say) is left out. When no run changes code on its own (a change
 * spread over several), the whole diff is shown.
 */
export function meaningfulDiff(path: string, before: string, after: string): string {
  const patch = structuredPatch(`a/${path}`, `b/${path}`, before, after, '', '', { context: 0 });
  const changesCode = (hunk: StructuredPatchHunk) => {
    const alone = applyPatch(before, { ...patch, hunks: [hunk] });
    return alone === false || !sameCode(before, alone);
  };
  const kept = patch.hunks.filter(changesCode);
  const partial = kept.length > 0 ? applyPatch(before, { ...patch, hunks: kept }) : false;
  return unifiedDiff(path, before, partial === false ? after : partial);
}
