import { Option, type Command } from 'commander';
import type { DoctorResult } from '../commands/doctor';
import { ExitCode, UsageError, WsScaffoldError } from '../errors';
import type { Rule } from '../doctor/rule';
import { SEVERITIES, type Severity } from '../doctor/rule';
import { errorInFormat, githubAnnotations, markdownReport, OUTPUT_FORMATS, outputFormat, type OutputFormat } from './findings-format';

interface DoctorFlags {
  format?: string;
  json?: boolean;
  failOn: Severity;
  explain?: string;
  project?: string;
  cwd: string;
}

const EXAMPLES = `
Examples:
  $ ws-scaffold doctor                          findings with file:line and the fix; exit 0 clean, 2 findings, 1 error
  $ ws-scaffold doctor --fail-on warning        exit 2 on warnings too
  $ ws-scaffold doctor --format github          annotations on a pull request's lines (GitHub Actions)
  $ ws-scaffold doctor --format markdown        a table for a pull request comment
  $ ws-scaffold doctor --explain token-in-query why a rule matters and how to fix it
  Silence one finding: // ws-scaffold-ignore <rule>, ending its line or on the line above.`;

/** `doctor`: the static audit of a project's WebSocket code. Reads, never writes. */
export function registerDoctor(program: Command, state: { exitCode: number }): void {
  program
    .command('doctor')
    .description("Audit the project's WebSocket code for documented NestJS traps (reads only, writes nothing).")
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS))
    .option('--json', 'the same as --format json')
    .addOption(new Option('--fail-on <severity>', 'exit 2 when a finding is at least this severe').choices(SEVERITIES).default('error'))
    .option('--explain <rule>', "print a rule's rationale and fix, then exit")
    .option('--project <name>', 'nest-cli.json project to audit (monorepos)')
    .addOption(new Option('--cwd <dir>', 'the project folder').default('.', 'current folder'))
    .addHelpText('after', EXAMPLES)
    .action((flags: DoctorFlags) => {
      state.exitCode = runDoctor(flags);
    });
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded when the command runs: --help needs none of it */
const loadStyle = () => require('./style') as typeof import('./style');
const loadReport = () => require('./report') as typeof import('./report');
/* eslint-enable @typescript-eslint/no-require-imports */

function runDoctor(flags: DoctorFlags): number {
  let format: OutputFormat = flags.json ? 'json' : 'text';
  try {
    format = outputFormat(flags);
    loadStyle().configureColours(format !== 'text');
    if (flags.explain !== undefined) {
      console.log(explain(flags.explain, format));
      return 0;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkCommonOptions } = require('./common-options') as typeof import('./common-options');
    checkCommonOptions(flags);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { doctorProject } = require('../commands/doctor') as typeof import('../commands/doctor');
    const result = doctorProject(flags.cwd, { project: flags.project, failOn: flags.failOn });
    console.log(render(result, format));
    return result.exitCode;
  } catch (error) {
    if (format === 'github' || format === 'markdown') {
      console.log(errorInFormat(format, 'ws-scaffold doctor', loadReport().errorMessage(error)));
      return error instanceof WsScaffoldError ? error.exitCode : ExitCode.error;
    }
    const report = loadReport().errorReport(error, format === 'json');
    (format === 'json' ? console.log : console.error)(report.text);
    return report.exitCode;
  }
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 || word === 'info' ? '' : 's'}`;

function counts(result: DoctorResult): Record<Severity, number> {
  const count = (severity: Severity) => result.findings.filter((f) => f.severity === severity).length;
  return { error: count('error'), warning: count('warning'), info: count('info') };
}

function summaryLine(result: DoctorResult): string {
  const c = counts(result);
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'info')} in ${plural(result.gateways, 'gateway')} (${result.rules} rules, failing on ${result.failOn})`;
}

function render(result: DoctorResult, format: OutputFormat): string {
  if (format === 'json') {
    return JSON.stringify(
      { ok: true, command: 'doctor', clean: result.findings.length === 0, failOn: result.failOn, gateways: result.gateways, rules: result.rules, summary: counts(result), findings: result.findings, incomplete: result.incomplete, exitCode: result.exitCode },
      null,
      2,
    );
  }
  if (format === 'github') {
    const notes = result.incomplete.map((i) => `::warning title=ws-scaffold doctor%3A ${i.rule}::could not finish: ${i.reason.replace(/\n/g, ' ')}`);
    return [...githubAnnotations(result.findings, 'ws-scaffold doctor'), ...notes, `ws-scaffold doctor: ${summaryLine(result)}`].join('\n');
  }
  if (format === 'markdown') {
    return markdownReport({
      title: 'ws-scaffold doctor',
      summary: result.findings.length === 0 ? `No findings: ${plural(result.gateways, 'gateway')} checked against ${result.rules} rules.` : `**${summaryLine(result)}**`,
      findings: result.findings,
      ruleHeader: 'rule',
      footer: result.findings.length ? 'Why a rule matters and how to fix it: `npx ws-scaffold doctor --explain <rule>`.' : undefined,
    });
  }
  return textReport(result);
}

function textReport(result: DoctorResult): string {
  const { chalk } = loadStyle();
  const lines: string[] = [];
  const mark: Record<Severity, string> = { error: chalk.red('✗ error  '), warning: chalk.yellow('! warning'), info: chalk.cyan('i info   ') };
  for (const f of result.findings) {
    lines.push(`${mark[f.severity]} ${chalk.bold(`${f.file}${f.line ? `:${f.line}` : ''}`)}  ${chalk.dim(`[${f.rule}]`)}`, `    ${f.message}`, `    ${chalk.dim('fix:')} ${f.fix}`);
  }
  for (const note of result.incomplete) lines.push(chalk.dim(`note: rule ${note.rule} could not finish (${note.reason}); its traps are not reported`));
  if (result.findings.length === 0) {
    lines.push(chalk.green(result.gateways === 0 ? `No findings (no @WebSocketGateway class found; ${result.rules} rules).` : `No findings: ${plural(result.gateways, 'gateway')} checked against ${result.rules} rules.`));
    return lines.join('\n');
  }
  lines.push('', chalk.bold(summaryLine(result)));
  lines.push(result.exitCode === 0 ? `Nothing at or above --fail-on ${result.failOn}: exit 0.` : `Exit 2: findings at or above --fail-on ${result.failOn}.`);
  lines.push(chalk.dim('Why a rule matters and how to fix it: ws-scaffold doctor --explain <rule>'));
  return lines.join('\n');
}

function explain(id: string, format: OutputFormat): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RULES, ruleById } = require('../doctor/registry') as typeof import('../doctor/registry');
  const rule = ruleById(id);
  if (!rule) throw new UsageError(`unknown rule "${id}"; the rules are: ${RULES.map((r) => r.id).join(', ')}.`);
  if (format === 'json') {
    const { check: _check, ...described } = rule;
    return JSON.stringify(described, null, 2);
  }
  if (format === 'markdown') {
    return [`### \`${rule.id}\` (${rule.severity})`, '', `**${rule.title}**`, '', rule.rationale, '', `**Fix:** ${rule.fix}`, ...(rule.example ? ['', '```ts', rule.example, '```'] : []), '', `Sources: ${rule.sources.join('; ')}`].join('\n');
  }
  return explainText(rule);
}

function explainText(rule: Rule): string {
  const { chalk } = loadStyle();
  return [
    `${chalk.bold(rule.id)} (${rule.severity}): ${rule.title}`,
    '',
    ...wrap(`Why: ${rule.rationale}`, 100),
    '',
    ...wrap(`Fix: ${rule.fix}`, 100),
    ...(rule.example ? ['', ...rule.example.split('\n').map((line) => (line ? `    ${line}` : ''))] : []),
    '',
    ...wrap(`Sources: ${rule.sources.join('; ')}`, 100),
  ].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current && current.length + word.length + 1 > width) {
      lines.push(current);
      current = `  ${word}`;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}
