import prompts from 'prompts';
import { UsageError } from '../errors';

export interface RequiredValue {
  /** As written on the command line: `<name>` or `--module`. */
  flag: string;
  message: string;
  initial?: string;
  /** Not required: without a terminal, `initial` is taken instead of failing. */
  optional?: boolean;
  validate?: (value: string) => true | string;
}

export const isInteractive = (json: boolean): boolean =>
  !json && process.stdin.isTTY === true && process.stdout.isTTY === true && !process.env.CI;

/**
 * Asks for missing required values at a terminal; anywhere else fails at once with the list of
 * what is missing, so scripts and CI never hang on a prompt.
 */
export async function askForMissing(missing: RequiredValue[], interactive: boolean): Promise<string[]> {
  if (missing.length === 0) return [];
  if (!interactive) {
    const required = missing.filter((m) => !m.optional);
    if (required.length) throw new UsageError(`missing required ${required.map((m) => m.flag).join(', ')} (no terminal to ask on).`);
    return missing.map((m) => m.initial ?? '');
  }
  const answers: string[] = [];
  for (const value of missing) {
    const { answer } = await prompts(
      { type: 'text', name: 'answer', message: value.message, initial: value.initial, validate: value.validate },
      { onCancel: () => { throw new UsageError('cancelled; nothing was written.'); } },
    );
    answers.push(String(answer));
  }
  return answers;
}

export async function confirmApply(count: number): Promise<boolean> {
  const { ok } = await prompts({ type: 'confirm', name: 'ok', message: `Write these ${count} change(s)?`, initial: true });
  return ok === true;
}

/** `ws-scaffold add-gateway chat --namespace /chat`, quoting only what needs it. */
export function equivalentCommand(parts: string[]): string {
  return parts.map((p) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, "'\\''")}'`)).join(' ');
}
