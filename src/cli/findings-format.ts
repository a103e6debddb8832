import { UsageError } from '../errors';

/**
 * The output formats `check` and `doctor` share. text and json are each command's own; github
 * and markdown are rendered here from findings, for CI: annotations on the pull request's lines,
 * and a table for a PR comment. Nothing here loads a dependency: `--help` loads this file.
 */
export const OUTPUT_FORMATS = ['text', 'json', 'github', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What both commands report: a doctor finding, or a drift item of check (its kind as the rule). */
export interface ReportedFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  file?: string;
  line?: number;
  message: string;
  fix: string;
}

/** `--format`, with `--json` as its alias; both at once must agree. */
export function outputFormat(flags: { format?: string; json?: boolean }): OutputFormat {
  if (flags.json && flags.format && flags.format !== 'json') throw new UsageError(`--json and --format ${flags.format} ask for two formats: use one.`);
  return flags.json ? 'json' : ((flags.format as OutputFormat | undefined) ?? 'text');
}

export const locationOf = (finding: Pick<ReportedFinding, 'file' | 'line'>): string =>
  finding.file === undefined ? '' : finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`;

const GITHUB_LEVEL: Record<ReportedFinding['severity'], string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Workflow-command escaping: data keeps `:` and `,`; property values may not. */
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions workflow commands, one line per finding: `::error file=…,line=…,title=…::message`,
 * which GitHub shows on the pull request's lines (a finding without a file on the run's summary).
 */
export function githubAnnotations(findings: ReportedFinding[], tool: string): string[] {
  return findings.map((finding) => {
    const properties = [
      ...(finding.file !== undefined ? [`file=${escapeProperty(finding.file)}`] : []),
      ...(finding.line !== undefined ? [`line=${finding.line}`] : []),
      `title=${escapeProperty(`${tool}: ${finding.rule}`)}`,
    ];
    return `::${GITHUB_LEVEL[finding.severity]} ${properties.join(',')}::${escapeData(`${finding.message}\nfix: ${finding.fix}`)}`;
  });
}

export interface MarkdownReport {
  title: string;
  /** One line under the title: counts, or "In sync". */
  summary: string;
  findings: ReportedFinding[];
  /** The rule column's header: `rule` (doctor), `kind` (check). */
  ruleHeader: string;
  footer?: string;
  /** Collapsed blocks after the table, e.g. the diff of each drifted file. */
  details?: { summary: string; code: string; language: string }[];
}

const cell = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
const code = (text: string): string => (text ? `\`${text.replace(/`/g, "'")}\`` : '');

/** A summary and a findings table in GitHub-flavoured Markdown, for a pull request comment. */
export function markdownReport(report: MarkdownReport): string {
  const lines = [`### ${report.title}`, '', report.summary];
  if (report.findings.length > 0) {
    lines.push('', `| severity | ${report.ruleHeader} | where | finding | fix |`, '| --- | --- | --- | --- | --- |');
    for (const f of report.findings) lines.push(`| ${f.severity} | ${code(f.rule)} | ${code(locationOf(f))} | ${cell(f.message)} | ${cell(f.fix)} |`);
  }
  for (const detail of report.details ?? []) {
    const fence = detail.code.includes('```') ? '````' : '```';
    lines.push('', `<details><summary>${cell(detail.summary)}</summary>`, '', `${fence}${detail.language}`, detail.code.replace(/\n$/, ''), fence, '', '</details>');
  }
  if (report.footer) lines.push('', report.footer);
  return lines.join('\n');
}

/** An error (exit 1) in the chosen CI format: an annotation, or a line of the comment. */
export function errorInFormat(format: 'github' | 'markdown', tool: string, message: string): string {
  return format === 'github' ? `::error title=${escapeProperty(tool)}::${escapeData(message)}` : `### ${tool}\n\n**Error:** ${cell(message)}`;
}
