import { relative } from 'node:path';
import { debuglog } from 'node:util';
import { unifiedDiff } from '../engine/diff';
import { ExitCode, RefusalError, WsScaffoldError } from '../errors';
import type { Plan } from '../engine/generator';
import type { RunResult } from '../commands/run';
import { escapeUnprintable } from '../generators/shared/rules';
import { chalk } from './style';

export interface ReportSettings {
  command: string;
  dryRun: boolean;
  diff: boolean;
}

/** The machine-readable result: its shape is documented in the README and stays stable. */
export function jsonResult(result: RunResult, settings: ReportSettings) {
  const { plan } = result;
  return {
    ok: true,
    command: settings.command,
    dryRun: settings.dryRun,
    applied: result.applied,
    changes: plan.changes.map((c) => ({
      action: c.action,
      path: c.path,
      bytes: Buffer.byteLength(c.after),
      ...(settings.diff ? { diff: unifiedDiff(c.path, c.before, c.after) } : {}),
    })),
    skipped: plan.skipped,
    dependencies: plan.dependenciesAdded,
    install: result.install ?? null,
    nextSteps: plan.nextSteps,
    exitCode: exitCodeOf(result),
  };
}

export const exitCodeOf = (result: RunResult): number =>
  result.install && 'ok' in result.install && !result.install.ok ? ExitCode.error : ExitCode.ok;

/** CREATE / UPDATE / SKIP lines, with diffs when asked: the plan as a person reads it. */
export function planLines(plan: Pick<Plan, 'changes' | 'skipped'>, diff: boolean): string[] {
  const lines: string[] = [];
  for (const change of plan.changes) {
    const label = change.action === 'create' ? chalk.green('CREATE') : chalk.yellow('UPDATE');
    lines.push(`${label} ${change.path} (${Buffer.byteLength(change.after)} bytes)`);
    if (diff) lines.push(colourDiff(unifiedDiff(change.path, change.before, change.after)));
  }
  for (const skip of plan.skipped) {
    lines.push(chalk.dim(`SKIP   ${skip.path ? `${skip.path}: ` : ''}${skip.what}: ${skip.reason}`));
  }
  return lines;
}

export function humanReport(result: RunResult, settings: ReportSettings): string {
  const { plan } = result;
  const lines = planLines(plan, settings.diff);
  if (plan.changes.length === 0) {
    lines.push(chalk.green(`Nothing to do: everything ${settings.command} would write is already in place.`));
  } else if (settings.dryRun) {
    lines.push(chalk.cyan('Dry run: nothing was written.'));
  } else if (!result.applied) {
    lines.push('Nothing was written.');
  }
  const install = result.install;
  if (install && 'skipped' in install) lines.push(`Dependencies added to package.json; install them with: ${chalk.bold(install.command)}`);
  else if (install?.ok) lines.push(chalk.green(`Installed dependencies (${install.command}).`));
  else if (install) {
    lines.push(chalk.red(`The files were written, but "${install.command}" failed; run it again once the cause is fixed:`));
    lines.push(chalk.dim(install.outputTail));
  }
  if (result.applied && plan.nextSteps.length) {
    lines.push('', chalk.bold('Next:'), ...plan.nextSteps.map((s) => `  ${s}`));
  }
  return lines.join('\n');
}

/** The one line an error is reported as, in any format: ours as they are, the unexpected described. */
export const errorMessage = (error: unknown): string => printable(error instanceof WsScaffoldError ? error.message : describeUnexpected(error));

export function errorReport(error: unknown, json: boolean): { text: string; exitCode: number } {
  const exitCode = error instanceof WsScaffoldError ? error.exitCode : ExitCode.error;
  const message = errorMessage(error);
  if (json) {
    const refusal = error instanceof RefusalError ? { file: error.file, line: error.line, reason: error.reason, snippet: error.snippet, ...(error.hint ? { hint: error.hint } : {}) } : {};
    return { text: JSON.stringify({ ok: false, error: { message, ...refusal }, exitCode }, null, 2), exitCode };
  }
  if (error instanceof RefusalError) {
    const where = `${error.file}${error.line ? `:${error.line}` : ''}`;
    const text = [
      chalk.red(`Refused: ${error.reason}`),
      error.hint ? `Nothing was written. ${error.hint} add this to ${chalk.bold(where)} by hand:` : `Nothing was written. Add this to ${chalk.bold(where)} by hand:`,
      '',
      error.snippet.replace(/^/gm, '    '),
    ].join('\n');
    return { text, exitCode };
  }
  return { text: chalk.red(`Error: ${message}`), exitCode };
}

/** Control and invisible characters in a message (echoed from what the user typed) are shown escaped, never sent to the terminal; one line. */
const printable = (text: string): string => escapeUnprintable(text, '\t\n').replace(/\s*\n\s*/g, ' ');

/**
 * One line for what we did not expect: a file system error as what failed, where and why; any
 * other as a bug to report. The stack only with NODE_DEBUG=ws-scaffold.
 */
function describeUnexpected(error: unknown): string {
  if (debuglog('ws-scaffold').enabled && error instanceof Error && error.stack) console.error(error.stack);
  const system = error as NodeJS.ErrnoException;
  if (system && typeof system.code === 'string' && /^E[A-Z]+$/.test(system.code)) {
    const where = system.path ? ` ${shortPath(system.path)}` : '';
    return `could not ${system.syscall ?? 'access'}${where}: ${SYSTEM_ERRORS[system.code] ?? system.code} (${system.code}); nothing was written.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected: ${message} (nothing was written; this is a bug in ws-scaffold, NODE_DEBUG=ws-scaffold shows where).`;
}

/** A path as short as it reads: relative to the current folder, when there still is one. */
function shortPath(path: string): string {
  try {
    return relative(process.cwd(), path) || path;
  } catch {
    return path;
  }
}

const SYSTEM_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a folder where a file was expected',
  ENAMETOOLONG: 'the name is too long for the file system',
  EMFILE: 'too many open files',
  ELOOP: 'too many symbolic links',
};

export function colourDiff(diff: string): string {
  return diff
    .split('\n')
    .map((line) => (line.startsWith('+') && !line.startsWith('+++') ? chalk.green(line) : line.startsWith('-') && !line.startsWith('---') ? chalk.red(line) : line))
    .join('\n');
}
