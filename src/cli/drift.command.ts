import type { Command } from 'commander';
import { Option } from 'commander';
import type { CheckResult, DriftItem } from '../commands/check';
import { ExitCode, WsScaffoldError } from '../errors';
import { coloursWanted } from './colours';
import { OUTPUT_FORMATS, outputFormat, type OutputFormat } from './findings-format';

interface DriftFlags {
  json?: boolean;
  contract?: string;
  failOn?: 'any' | 'breaking';
  format?: string;
  diff?: boolean;
  dryRun?: boolean;
  cwd: string;
}

const CHECK_EXAMPLES = `
Examples:
  $ ws-scaffold check                     exit 0 in sync, 2 drift (with diffs and the fixing command), 1 error
  $ ws-scaffold check --json              the same for machines (shape in the README)
  $ ws-scaffold check --format github     annotations on a pull request's lines (GitHub Actions)
  $ ws-scaffold check --format markdown   a table for a pull request comment
  $ ws-scaffold check --contract asyncapi.json --fail-on breaking
                                          also compare the AsyncAPI contract with the code; fail only on breaking changes`;

const SYNC_EXAMPLES = `
Examples:
  $ ws-scaffold sync --dry-run --diff   what sync would write
  $ ws-scaffold sync                    repair, atomically; says what it cannot repair and why
  $ ws-scaffold sync --contract asyncapi.json   also rewrite the AsyncAPI contract from the code`;

type Ui = typeof import('./style') & typeof import('./report');
let loaded: Ui | undefined;
/**
 * Output helpers (chalk, and the diff package through report), loaded on first use and set up for
 * this run's output: `--help` never needs them, nor does a check in sync whose output is plain.
 */
function ui(json: boolean): Ui {
  if (!loaded) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    loaded = { ...(require('./style') as typeof import('./style')), ...(require('./report') as typeof import('./report')) };
    /* eslint-enable @typescript-eslint/no-require-imports */
    loaded.configureColours(json);
  }
  return loaded;
}

/** `check` and `sync`: the drift check over ws-scaffold.json, for CI and for repairs. */
export function registerDriftCommands(program: Command, state: { exitCode: number }): void {
  const cwd = () => new Option('--cwd <dir>', 'the project folder').default('.', 'current folder');
  program
    .command('check')
    .description('Re-plan everything ws-scaffold.json records, in memory, and report drift (writes nothing).')
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS))
    .option('--json', 'the same as --format json')
    .option('--contract <file>', 'also compare this AsyncAPI contract with the code (default: the one ws-scaffold.json records)')
    .addOption(new Option('--fail-on <change>', 'which contract changes make the exit code 2').choices(['any', 'breaking']))
    .addOption(cwd())
    .addHelpText('after', CHECK_EXAMPLES)
    .action(async (flags: DriftFlags) => {
      state.exitCode = await runDrift(flags, false);
    });
  program
    .command('sync')
    .description('Repair what `check` reports as repairable, in one atomic write.')
    .option('--dry-run', 'print what would be written, write nothing')
    .option('--diff', 'print a unified diff of every change')
    .option('--json', 'machine-readable result')
    .option('--contract <file>', 'also rewrite this AsyncAPI contract from the code (default: the one ws-scaffold.json records)')
    .addOption(cwd())
    .addHelpText('after', SYNC_EXAMPLES)
    .action(async (flags: DriftFlags) => {
      state.exitCode = await runDrift(flags, true);
    });
}

async function runDrift(flags: DriftFlags, repair: boolean): Promise<number> {
  let format: OutputFormat = flags.json ? 'json' : 'text';
  try {
    format = outputFormat(flags);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkProject } = require('../commands/check') as typeof import('../commands/check');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkCommonOptions } = require('./common-options') as typeof import('./common-options');
    checkCommonOptions(flags);
    const contract = flags.contract !== undefined || flags.failOn !== undefined ? { file: flags.contract, failOn: flags.failOn } : undefined;
    const result = await checkProject(flags.cwd, { repair, dryRun: flags.dryRun, contract });
    for (const warning of result.contract?.warnings ?? []) process.stderr.write(`warning: ${warning.file}:${warning.line}: ${warning.message}\n`);
    const exitCode = repair ? syncExitCode(result) : result.failing ? ExitCode.drift : ExitCode.ok;
    if (format === 'github' || format === 'markdown') console.log(driftForCi(result, format));
    else console.log(format === 'json' ? JSON.stringify(driftJson(result, repair, exitCode, !!flags.dryRun), null, 2) : driftText(result, repair, !!flags.diff, !!flags.dryRun));
    return exitCode;
  } catch (error) {
    if (format === 'github' || format === 'markdown') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { errorInFormat } = require('./findings-format') as typeof import('./findings-format');
      console.log(errorInFormat(format, 'ws-scaffold check', ui(false).errorMessage(error)));
      return error instanceof WsScaffoldError ? error.exitCode : ExitCode.error;
    }
    const json = format === 'json';
    const report = ui(json).errorReport(error, json);
    (json ? console.log : console.error)(report.text);
    return report.exitCode;
  }
}

/** check's drift as GitHub annotations or a Markdown comment: each item is an error of its kind. */
function driftForCi(result: CheckResult, format: 'github' | 'markdown'): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { githubAnnotations, markdownReport } = require('./findings-format') as typeof import('./findings-format');
  const inSync = inSyncLine(result);
  const findings = result.items.map((item) => ({
    rule: item.kind,
    severity: item.change === 'compatible' ? ('warning' as const) : ('error' as const),
    file: item.path,
    ...(item.line !== undefined ? { line: item.line } : {}),
    message: `${item.artefact}: ${item.message}${item.pointer ? ` (event ${item.event}, at ${item.pointer})` : ''}`,
    fix: item.fix,
  }));
  const drift = `Drift: ${result.items.length} item(s) across ${result.artefacts} artefact(s).`;
  const fix = 'Fix: `ws-scaffold sync` repairs what is repairable (`ws-scaffold sync --dry-run --diff` to preview).';
  if (format === 'github') return findings.length === 0 ? inSync : [...githubAnnotations(findings, 'ws-scaffold check'), drift, fix.replace(/`/g, '')].join('\n');
  return markdownReport({
    title: 'ws-scaffold check',
    summary: findings.length === 0 ? inSync : `**${drift}**`,
    findings,
    ruleHeader: 'kind',
    footer: findings.length === 0 ? undefined : fix,
    details: result.items.filter((item) => item.diff).map((item) => ({ summary: `${item.kind}: ${item.path ?? item.artefact}`, code: item.diff!, language: 'diff' })),
  });
}

/** sync succeeds when nothing is left that it could not repair. */
const syncExitCode = (result: CheckResult): number => (result.items.some((i) => !i.repairable) ? ExitCode.drift : ExitCode.ok);

export function driftJson(result: CheckResult, repair: boolean, exitCode: number, dryRun: boolean) {
  return {
    ok: true,
    command: repair ? 'sync' : 'check',
    clean: result.items.length === 0,
    artefacts: result.artefacts,
    drift: result.items,
    ...(repair ? { dryRun, written: dryRun ? [] : result.changes.map((c) => c.path), notRepaired: result.items.filter((i) => !i.repairable).map((i) => i.message) } : {}),
    exitCode,
  };
}

function driftText(result: CheckResult, repair: boolean, diff: boolean, dryRun: boolean): string {
  if (result.items.length === 0) {
    const inSync = inSyncLine(result);
    // Plain output (CI, pipes, hooks) prints the line without loading chalk just to leave it as is.
    return coloursWanted(false) ? ui(false).chalk.green(inSync) : inSync;
  }
  const { chalk, planLines } = ui(false);
  const lines = [chalk.bold(`${repair ? 'Found' : 'Drift'}: ${result.items.length} item(s) across ${result.artefacts} artefact(s)${result.contract ? ` and ${result.contract.file}` : ''}.`)];
  for (const item of result.items) lines.push(...itemLines(item, !repair || diff));
  if (repair) {
    lines.push('');
    if (result.changes.length) lines.push(...planLines({ changes: result.changes, skipped: [] }, diff));
    lines.push(dryRun ? chalk.cyan('Dry run: nothing was written.') : result.changes.length ? chalk.green('Repaired.') : 'Nothing to write.');
    const left = result.items.filter((i) => !i.repairable);
    if (left.length) lines.push(chalk.red(`Not repaired (${left.length}): sync cannot fix these; see each item's fix.`));
  } else {
    const breaking = result.items.filter((i) => i.change === 'breaking').length;
    const compatible = result.items.filter((i) => i.change === 'compatible').length;
    if (result.contract && breaking + compatible > 0) {
      lines.push('', `Contract ${result.contract.file}: ${breaking} breaking, ${compatible} compatible change(s)${result.contract.failOn === 'breaking' ? ` (failing on breaking ones only: exit ${result.failing ? 2 : 0})` : ''}.`);
    }
    lines.push('', `Fix: ${chalk.bold('ws-scaffold sync')} repairs what is repairable (${chalk.bold('ws-scaffold sync --dry-run --diff')} to preview).`);
  }
  return lines.join('\n');
}

/** The one line of a clean check: the artefacts, and the contract when one was compared. */
function inSyncLine(result: CheckResult): string {
  const contract = result.contract ? `${result.artefacts ? ', and ' : ''}the code matches ${result.contract.file}` : '';
  if (result.contract && !result.artefacts) return `In sync: the code matches ${result.contract.file}.`;
  return `In sync: ${result.artefacts} artefact(s) in ws-scaffold.json match the code${contract}.`;
}

function itemLines(item: DriftItem, withDiff: boolean): string[] {
  const { chalk, colourDiff } = ui(false);
  const mark = item.change === 'compatible' ? chalk.yellow('~') : item.repairable ? chalk.yellow('✗') : chalk.red('✗');
  const where = item.kind === 'contract-changed' && item.path ? `\n    at ${item.path}${item.line ? `:${item.line}` : ''}, event ${item.event ?? '-'}, ${item.pointer || '(the whole file)'}` : '';
  const lines = [`${mark} [${item.kind}] ${item.artefact}: ${item.message}${where}`, `    fix: ${item.fix}${item.repairable ? '' : chalk.red('  (sync cannot repair this)')}`];
  if (withDiff && item.diff) lines.push(colourDiff(item.diff).replace(/^/gm, '    '));
  return lines;
}
