import { describe, expect, it } from 'vitest';
import { githubAnnotations, markdownReport, outputFormat } from '../../src/cli/findings-format';

const finding = { rule: 'token-in-query', severity: 'warning' as const, file: 'src/a,b:c.ts', line: 7, message: '100% of "token" | read\nfrom the query', fix: 'use io(url, { auth: { token } }) <here>' };

describe('the shared CI formats', () => {
  it('github: one workflow command per finding, data and properties escaped, info as a notice', () => {
    expect(githubAnnotations([finding], 'ws-scaffold doctor')).toEqual([
      '::warning file=src/a%2Cb%3Ac.ts,line=7,title=ws-scaffold doctor%3A token-in-query::100%25 of "token" | read%0Afrom the query%0Afix: use io(url, { auth: { token } }) <here>',
    ]);
    expect(githubAnnotations([{ ...finding, severity: 'info', file: undefined, line: undefined }], 't')[0]).toMatch(/^::notice title=t%3A token-in-query::/);
    expect(githubAnnotations([{ ...finding, severity: 'error', line: undefined }], 't')[0]).toMatch(/^::error file=src\/a%2Cb%3Ac\.ts,title=/);
  });

  it('markdown: a table whose cells cannot break it, and folded details', () => {
    const text = markdownReport({ title: 'T', summary: 'S', findings: [finding], ruleHeader: 'rule', footer: 'F', details: [{ summary: 'diff of x', code: '-a\n+b\n', language: 'diff' }] });
    expect(text).toBe(
      [
        '### T',
        '',
        'S',
        '',
        '| severity | rule | where | finding | fix |',
        '| --- | --- | --- | --- | --- |',
        '| warning | `token-in-query` | `src/a,b:c.ts:7` | 100% of "token" \\| read<br>from the query | use io(url, { auth: { token } }) &lt;here&gt; |',
        '',
        '<details><summary>diff of x</summary>',
        '',
        '```diff',
        '-a',
        '+b',
        '```',
        '',
        '</details>',
        '',
        'F',
      ].join('\n'),
    );
    expect(markdownReport({ title: 'T', summary: 'clean', findings: [], ruleHeader: 'kind' })).toBe('### T\n\nclean');
  });

  it('--json is --format json; asking for two formats is an error', () => {
    expect(outputFormat({})).toBe('text');
    expect(outputFormat({ json: true })).toBe('json');
    expect(outputFormat({ json: true, format: 'json' })).toBe('json');
    expect(outputFormat({ format: 'markdown' })).toBe('markdown');
    expect(() => outputFormat({ json: true, format: 'github' })).toThrow(/two formats/);
  });
});
