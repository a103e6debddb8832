import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProjectInfo } from '../project/detect';
import { projectRequire } from '../project/resolve';
import type { FileChange } from './tree';

const FORMATTED = /\.(?:[cm]?[jt]sx?)$/;

interface FormatJob {
  filepath: string;
  /** The text before our edit, for an updated file: it is formatted only when this was clean. */
  before?: string;
  after: string;
}

/**
 * Runs in a worker thread: loads the project's prettier (with its TypeScript plugin, the slow part)
 * while the main thread loads ts-morph and plans, then formats on request. Each answer is the
 * formatted text, or null to keep the file as planned.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// A prettier that cannot be loaded leaves the files as planned, as if the project had none.
let prettier;
try {
  prettier = require(workerData.prettierPath);
} catch {}
const warm = prettier && Promise.resolve(prettier.format('const warm = 1;\\n', { parser: 'typescript' })).catch(() => undefined);
parentPort.on('message', async ({ id, jobs }) => {
  if (!prettier) return parentPort.postMessage({ id, results: jobs.map(() => null) });
  try {
    await warm;
    const results = [];
    for (const job of jobs) {
      const options = { ...(await prettier.resolveConfig(job.filepath)), filepath: job.filepath };
      const wasClean = job.before === undefined || (await prettier.format(job.before, options)) === job.before;
      results.push(wasClean ? await prettier.format(job.after, options) : null);
    }
    parentPort.postMessage({ id, results });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

interface Formatter {
  format(jobs: FormatJob[]): Promise<(string | null)[]>;
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
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { prettierPath } });
  const pending = new Map<number, { resolve(results: (string | null)[]): void; reject(error: Error): void }>();
  let failure: Error | undefined;
  const settle = (error: Error) => {
    failure = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
    worker.unref();
  };
  worker.on('message', ({ id, results, error }: { id: number; results?: (string | null)[]; error?: string }) => {
    const waiter = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    if (error !== undefined) waiter?.reject(new Error(`prettier: ${error}`));
    else waiter?.resolve(results!);
  });
  worker.on('error', (error) => settle(new Error(`prettier could not be loaded from the project: ${error.message}`)));
  worker.on('exit', (code) => settle(new Error(`the prettier worker exited (code ${code})`)));
  // Kept from holding the process open, except while an answer is awaited. After the listeners:
  // adding a 'message' listener refs the worker again.
  worker.unref();
  let nextId = 0;
  return {
    format(jobs) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      worker.ref();
      worker.postMessage({ id, jobs });
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
  };
}

/**
 * Formats touched files with the project's own prettier and its config, resolved from each file's
 * real path. A created file is always formatted; an updated file only when it was already
 * prettier-clean before our edit, so that lines we did not touch stay byte-identical.
 */
export async function formatChanges(root: string, project: ProjectInfo, changes: FileChange[]): Promise<FileChange[]> {
  if (!project.prettierConfig || !changes.some((c) => FORMATTED.test(c.path))) return changes;
  warmFormatter(root, project);
  const formatter = formatters.get(root);
  if (!formatter) return changes;
  const formattable = changes.filter((c) => FORMATTED.test(c.path));
  const results = await formatter.format(formattable.map((c) => ({ filepath: join(root, c.path), before: c.before, after: c.after })));
  const formatted = new Map(formattable.map((change, i) => [change, results[i]]));
  return changes
    .map((change) => {
      const text = formatted.get(change);
      return typeof text === 'string' ? { ...change, after: text } : change;
    })
    .filter((c) => c.after !== c.before);
}
