import { join } from 'node:path';
import { debuglog } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { ProjectInfo } from '../project/detect';
import { projectRequire } from '../project/resolve';
import type { FileChange } from '../tree/tree';
import type { FormatAnswer, FormatWorkerData } from './format-worker';

/**
 * The worker's compiled module (format-worker.ts): beside this file when running from dist/, and
 * taken from dist/ when this file runs from sources (a worker thread gets no TypeScript loader).
 */
const WORKER_FILE = __filename.endsWith('.ts') ? join(__dirname, '..', '..', 'dist', 'engine', 'format-worker.js') : join(__dirname, 'format-worker.js');
const FORMATTED = /\.(?:[cm]?[jt]sx?)$/;
const debug = debuglog('ws-scaffold');

interface Formatter {
  /**
   * `text` as the project's prettier formats it at `filepath` (null: no usable prettier). Asked
   * once per file and text, so a plan can ask early and collect later. Does not keep the process
   * alive by itself (see `hold`).
   */
  format(filepath: string, text: string): Promise<string | null>;
  /** Keeps the process alive until `answers` settles: an unref'd worker would let it exit first. */
  hold<T>(answers: Promise<T>): Promise<T>;
}

const formatters = new Map<string, Formatter | undefined>();

/**
 * Starts loading the project's prettier in the background (once per project root), so that its
 * cost overlaps with loading ts-morph and planning. Call it as early as the project is known.
 */
export function warmFormatter(root: string, project: ProjectInfo): void {
  if (!formatters.has(root)) formatters.set(root, project.prettierConfig ? startFormatter(root) : undefined);
}

function startFormatter(root: string): Formatter | undefined {
  let prettierPath: string;
  try {
    prettierPath = projectRequire(root).resolve('prettier');
  } catch {
    return undefined;
  }
  const workerData: FormatWorkerData = { prettierPath, standalonePaths: standaloneBuild(root) };
  // A small young generation: the worker's garbage is short-lived, and a default-sized one touches
  // tens of MB of fresh memory, which the main thread (loading ts-morph meanwhile) pays for too
  // where first touches are slow (virtual machines): -0.2 s on `nest g ws-gateway` on the bench's.
  const worker = new Worker(WORKER_FILE, { workerData, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  const pending = new Map<number, { filepath: string; resolve(formatted: string | null): void; reject(error: Error): void }>();
  let failure: Error | undefined;
  const settle = (error: Error) => {
    failure = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('message', ({ id, formatted, error, via }: FormatAnswer) => {
    const waiter = pending.get(id);
    pending.delete(id);
    if (via) debug('prettier: %s with %s', waiter?.filepath, via);
    if (error !== undefined) waiter?.reject(new Error(`prettier: ${error}`));
    else waiter?.resolve(formatted ?? null);
  });
  worker.on('error', (error) => settle(new Error(`prettier could not be loaded from the project: ${error.message}`)));
  worker.on('exit', (code) => settle(new Error(`the prettier worker exited (code ${code})`)));
  // Kept from holding the process open, except while an answer is awaited. After the listeners:
  // adding a 'message' listener refs the worker again.
  worker.unref();
  const answers = new Map<string, Promise<string | null>>();
  let nextId = 0;
  let holds = 0;
  return {
    format(filepath, text) {
      const key = `${filepath}\0${text}`;
      let answer = answers.get(key);
      if (!answer) {
        const id = nextId++;
        answer = failure ? Promise.reject(failure) : new Promise((resolve, reject) => pending.set(id, { filepath, resolve, reject }));
        if (!failure) worker.postMessage({ id, filepath, text });
        answer.catch(() => undefined); // asked ahead by a plan that then stopped: nobody awaits it
        answers.set(key, answer);
      }
      return answer;
    },
    async hold(work) {
      if (holds++ === 0) worker.ref();
      try {
        return await work;
      } finally {
        if (--holds === 0) worker.unref();
      }
    },
  };
}

/** Prettier 3's CommonJS standalone build and the plugins .ts files need; none in prettier 2. */
function standaloneBuild(root: string): Record<'standalone' | 'typescript' | 'estree', string> | undefined {
  const resolve = projectRequire(root).resolve;
  try {
    return { standalone: resolve('prettier/standalone'), typescript: resolve('prettier/plugins/typescript'), estree: resolve('prettier/plugins/estree') };
  } catch {
    return undefined;
  }
}

/**
 * Starts formatting `text` (a file the plan just created or edited, or a file's text before its
 * first edit) in the worker, so that prettier works while the plan goes on and loads ts-morph.
 * `formatChanges` collects the answers for the texts the plan ends with; the others are wasted.
 */
export function formatAhead(root: string, project: ProjectInfo, path: string, text: string): void {
  const formatter = project.prettierConfig && FORMATTED.test(path) ? formatters.get(root) : undefined;
  formatter?.format(join(root, path), text);
}

/**
 * Formats touched files with the project's own prettier and its config, resolved from each file's
 * real path. A created file is always formatted; an updated file only when it was already
 * prettier-clean before our edit, so that lines we did not touch stay byte-identical, or when
 * `rewritten` names it (an owned file written anew: no line of it is the user's).
 */
export async function formatChanges(root: string, project: ProjectInfo, changes: FileChange[], rewritten: ReadonlySet<string> = new Set()): Promise<FileChange[]> {
  if (!project.prettierConfig || !changes.some((c) => FORMATTED.test(c.path))) return changes;
  warmFormatter(root, project);
  const formatter = formatters.get(root);
  if (!formatter) return changes;
  const formattable = changes.filter((c) => FORMATTED.test(c.path));
  const results = await formatter.hold(
    Promise.all(
      formattable.map(async ({ path, before, after }) => {
        const filepath = join(root, path);
        const [beforeFormatted, afterFormatted] = await Promise.all([
          // A file prettier cannot parse was not clean either.
          before === undefined ? undefined : formatter.format(filepath, before).catch(() => null),
          formatter.format(filepath, after),
        ]);
        return before === undefined || rewritten.has(path) || beforeFormatted === before ? afterFormatted : null;
      }),
    ),
  );
  const formatted = new Map(formattable.map((change, i) => [change, results[i]]));
  return changes
    .map((change) => {
      const text = formatted.get(change);
      return typeof text === 'string' ? { ...change, after: text } : change;
    })
    .filter((c) => c.after !== c.before);
}
