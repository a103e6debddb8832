/**
 * Child processes for the e2e harness: `run()` for commands that finish, plus the
 * bookkeeping that makes sure nothing we start outlives the test process.
 *
 * Every child is spawned `detached` (its own process group), so a timeout or a
 * stop kills the whole tree (npm -> sh -> node ...), not just the top process.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Kill the whole process group after this long. Default 10 minutes. */
  timeoutMs?: number;
  /** Text written to stdin (stdin is closed / ignored otherwise). */
  input?: string;
  /** Return non-zero exits instead of throwing. Default false: a non-zero exit throws RunError. */
  allowFailure?: boolean;
}

export interface RunResult {
  /** Exit code; null when the process was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

export class RunError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly result: RunResult,
  ) {
    super(message);
    this.name = 'RunError';
  }
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kill the process group of `child` (falls back to the process itself). Never throws. */
export function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** Remember a child so that it is killed if the test process exits first. */
export function track(child: ChildProcess): void {
  live.add(child);
  // After exit, also kill stragglers left in its process group (npm lifecycle
  // scripts that daemonised, watchers ...). ESRCH when the group is empty.
  child.once('exit', () => {
    live.delete(child);
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* group empty */
      }
    }
  });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killAllTracked);
  }
}

/** Synchronously SIGKILL every live child we started. Also runs on process exit. */
export function killAllTracked(): void {
  for (const child of live) killTree(child, 'SIGKILL');
  live.clear();
}

/** Keep the last `max` characters of a growing text. */
export class Tail {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly max: number) {}
  push(chunk: string): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size > this.max * 2) this.compact();
  }
  private compact(): void {
    const all = this.parts.join('');
    const kept = all.slice(-this.max);
    this.parts = [kept];
    this.size = kept.length;
  }
  toString(): string {
    this.compact();
    return this.parts.join('');
  }
}

export function tail(text: string, max = 12_000): string {
  return text.length <= max ? text : `[... ${text.length - max} chars cut ...]\n${text.slice(-max)}`;
}

export function describeCommand(cmd: string, args: readonly string[]): string {
  return [cmd, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

/**
 * Run a command to completion. Never hangs: after `timeoutMs` the whole process
 * group gets SIGTERM, then SIGKILL 3 s later, and a RunError (with the output) is thrown.
 * A non-zero exit throws RunError with the command, cwd and output unless `allowFailure`.
 */
export function run(cmd: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 600_000;
  const command = describeCommand(cmd, args);
  const started = Date.now();
  return new Promise<RunResult>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(cmd, [...args], {
        cwd: opts.cwd,
        env: opts.env,
        detached: true,
        stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
    } catch (err) {
      reject(new Error(`cannot spawn ${command} in ${opts.cwd}: ${(err as Error).message}`));
      return;
    }
    track(child);
    const out: string[] = [];
    const errOut: string[] = [];
    child.stdout?.setEncoding('utf8').on('data', (d: string) => out.push(d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => errOut.push(d));
    if (opts.input !== undefined) child.stdin?.end(opts.input);

    let timedOut = false;
    let settled = false;
    let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: Error | undefined;
    const timers: NodeJS.Timeout[] = [];

    timers.push(
      setTimeout(() => {
        timedOut = true;
        killTree(child, 'SIGTERM');
        timers.push(setTimeout(() => killTree(child, 'SIGKILL'), 3_000));
      }, timeoutMs),
    );

    const finish = (): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      const result: RunResult = {
        code: exitInfo?.code ?? null,
        signal: exitInfo?.signal ?? null,
        stdout: out.join(''),
        stderr: errOut.join(''),
        durationMs: Date.now() - started,
        timedOut,
      };
      const show = (): string =>
        `\n  cwd: ${opts.cwd}\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`;
      if (spawnError) {
        reject(new RunError(`cannot run ${command}: ${spawnError.message}${show()}`, command, result));
      } else if (timedOut) {
        reject(new RunError(`timed out after ${timeoutMs} ms (killed): ${command}${show()}`, command, result));
      } else if (result.code !== 0 && !opts.allowFailure) {
        const why = result.code === null ? `signal ${result.signal}` : `exit code ${result.code}`;
        reject(new RunError(`${command} failed with ${why}${show()}`, command, result));
      } else {
        resolve(result);
      }
    };

    child.once('error', (err) => {
      spawnError = err;
      finish();
    });
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      // Normally 'close' follows at once. If a grandchild kept our pipes open,
      // do not wait for it forever (track() has SIGKILLed the group anyway).
      timers.push(setTimeout(finish, 2_000));
    });
    child.once('close', () => finish());
  });
}
