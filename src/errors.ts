/** Exit codes, documented in the README: the contract scripts and CI rely on. */
export const ExitCode = {
  ok: 0,
  error: 1,
  drift: 2,
  refused: 3,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure we expected and can explain in one line; anything else is a bug and keeps its stack. */
export class WsScaffoldError extends Error {
  readonly exitCode: ExitCodeValue = ExitCode.error;
}

/** Bad or missing input: nothing was planned, nothing written. */
export class UsageError extends WsScaffoldError {}

/**
 * The code did not have a shape we can edit safely. Nothing is written; the user gets the exact
 * snippet to paste and where, instead of a guess.
 */
export class RefusalError extends WsScaffoldError {
  override readonly exitCode = ExitCode.refused;
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly snippet: string,
    readonly line?: number,
    /**
     * The file as ws-scaffold would have written it, when the refusal is of an edit it knows but
     * will not make unasked (a declaration of the same name with another shape): the drift check
     * shows it as the diff to apply by hand.
     */
    readonly proposal?: string,
    /** What to do before pasting, when the snippet needs more than the refused edit (a flag that writes the rest). */
    readonly hint?: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
  }

  /** The same refusal, with what to run first (`--skip-import`, `--no-main`). */
  withHint(hint: string): RefusalError {
    return new RefusalError(this.file, this.reason, this.snippet, this.line, this.proposal, hint);
  }
}

/**
 * The file system refused a read or write (no space, no permission, a read-only disk, a file where a
 * folder should be, ...), or a file cannot be replaced safely (read-only, changed since it was read).
 * The message names the file and the cause, and says truthfully whether anything was changed.
 */
export class FileSystemError extends WsScaffoldError {
  constructor(
    message: string,
    /** Project-relative path of the file or folder concerned. */
    readonly path: string,
    /** The errno code (`ENOSPC`, `EACCES`, ...) when the system gave one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Another ws-scaffold run holds the project lock: this one waited, then gave up without changing anything. */
export class ProjectBusyError extends WsScaffoldError {}
