/**
 * What SIGINT, SIGTERM and SIGHUP do while ws-scaffold works on a project. Outside a commit they
 * stop the run at once, as they would without us, after the cleanups (the project lock) ran. During
 * a commit they wait until it has ended, so the disk never holds half of one; then the run stops.
 * Either way the process ends by that very signal, so a shell sees the usual 128 + n (143 for SIGTERM).
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type HeldSignal = (typeof SIGNALS)[number];

const cleanups = new Set<() => void>();
let holding = 0;
let pending: HeldSignal | undefined;
let listening = false;

function onSignal(signal: HeldSignal): void {
  if (holding > 0) pending ??= signal;
  else stopBy(signal);
}

function stopBy(signal: HeldSignal, note?: string): never {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // best effort: the signal must still end the run
    }
  }
  cleanups.clear();
  holding = 0;
  listen();
  if (note) process.stderr.write(`ws-scaffold: ${note}\n`);
  process.kill(process.pid, signal);
  // The signal is delivered before kill() returns; this only runs where it is not (it never should).
  process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[signal]);
}

/** Our listeners exist only while there is something to protect: otherwise the defaults apply. */
function listen(): void {
  const wanted = holding > 0 || cleanups.size > 0;
  if (wanted === listening) return;
  for (const signal of SIGNALS) {
    if (wanted) process.on(signal, onSignal);
    else process.removeListener(signal, onSignal);
  }
  listening = wanted;
}

/** Runs `cleanup` before a signal ends the run (until the returned function is called). */
export function onStopSignal(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  listen();
  return () => {
    cleanups.delete(cleanup);
    listen();
  };
}

/**
 * Runs `work` with the signals held: one arriving meanwhile ends the run only after `work` has
 * ended (completed or rolled back), with a line saying so.
 */
export async function holdSignals<T>(work: () => T): Promise<T> {
  holding++;
  listen();
  let failure: unknown;
  let failed = false;
  try {
    return work();
  } catch (error) {
    failed = true;
    failure = error;
    throw error;
  } finally {
    // Node runs signal listeners from its event loop, never inside synchronous work: let it run
    // them now, while they still count as held.
    await new Promise((resolve) => setImmediate(resolve));
    holding--;
    const signal = holding === 0 ? pending : undefined;
    if (signal) {
      pending = undefined;
      const outcome = failed ? (failure instanceof Error ? failure.message : String(failure)) : 'all the files were written first';
      stopBy(signal, `stopped by ${signal}, which arrived while files were being written: ${outcome}.`);
    }
    listen();
  }
}
