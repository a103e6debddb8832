import { createTwoFilesPatch } from 'diff';

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
