/**
 * The prettier worker (started by format.ts): loads the project's prettier while the main thread
 * loads ts-morph and plans, then formats on request. Each answer is the formatted text, or null
 * when prettier cannot be loaded (the files stay as planned).
 *
 * TypeScript files are formatted by prettier 3's CommonJS standalone build and plugins, the same
 * code as its ES module build but one that the compile cache keeps between runs on Node 20 (cached
 * once the first file is formatted, so the cache holds the parser and printer too). Its answers are
 * kept too (startup/format-cache.ts): the build is loaded at the first text no earlier run
 * formatted, so a rerun loads none of it. A config that names plugins of its own, or another
 * parser, goes through prettier's full API, which loads them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { enableCompileCache, flushCompileCache } from '../startup/compile-cache';
import { formattedTexts } from '../startup/format-cache';

export interface FormatWorkerData {
  prettierPath: string;
  standalonePaths?: Record<'standalone' | 'typescript' | 'estree', string>;
}

export interface FormatRequest {
  id: number;
  filepath: string;
  text: string;
}

export interface FormatAnswer {
  id: number;
  formatted?: string | null;
  error?: string;
  /** How it was formatted, for NODE_DEBUG=ws-scaffold. */
  via?: string;
}

interface PrettierApi {
  resolveConfig(filepath: string): Promise<Record<string, unknown> | null>;
  format(text: string, options: Record<string, unknown>): Promise<string> | string;
}
interface StandaloneBuild {
  format(text: string, options: Record<string, unknown>): Promise<string>;
  plugins: unknown[];
}

const { prettierPath, standalonePaths } = workerData as FormatWorkerData;
const standaloneFiles = standalonePaths ? Object.values(standalonePaths) : [];
enableCompileCache(standaloneFiles); // Node 20: no ts-morph here
const earlierAnswers = standalonePaths ? formattedTexts(standaloneFiles) : undefined;
/* eslint-disable @typescript-eslint/no-require-imports -- the project's own prettier, by path */
// A prettier that cannot be loaded leaves the files as planned, as if the project had none.
let prettier: PrettierApi | undefined;
try {
  prettier = require(prettierPath) as PrettierApi;
} catch {
  prettier = undefined;
}
let standalone: StandaloneBuild | null | undefined;
const loadStandalone = (): StandaloneBuild | null => {
  if (standalone === undefined && standalonePaths) {
    standalone = null; // a build that cannot be loaded leaves TypeScript files to the API
    try {
      const plugins = [require(standalonePaths.typescript), require(standalonePaths.estree)];
      standalone = { format: (require(standalonePaths.standalone) as StandaloneBuild).format, plugins };
    } catch {
      standalone = null;
    }
  }
  return standalone ?? null;
};
/* eslint-enable @typescript-eslint/no-require-imports */
const TYPESCRIPT = /\.[cm]?tsx?$/;
let flushed = false;

async function answer({ id, filepath, text }: FormatRequest): Promise<FormatAnswer> {
  if (!prettier) return { id, formatted: null };
  const options: Record<string, unknown> = { ...(await prettier.resolveConfig(filepath)), filepath };
  const plugins = options.plugins as unknown[] | undefined;
  const forStandalone = !!standalonePaths && TYPESCRIPT.test(filepath) && !plugins?.length && (options.parser ?? 'typescript') === 'typescript';
  const earlier = forStandalone ? earlierAnswers?.get(options, text) : undefined;
  if (earlier !== undefined) return { id, formatted: earlier, via: 'the answer of an earlier run' };
  const build = forStandalone ? loadStandalone() : null;
  const formatted = await (build ? build.format(text, { ...options, plugins: build.plugins }) : prettier.format(text, options));
  if (build) {
    earlierAnswers?.set(options, text, formatted);
    // A worker is stopped, not exited, when the run ends: its compile cache is written before it
    // answers (once, and only a run without a cache has anything to write) or never.
    if (!flushed) {
      flushed = true;
      flushCompileCache();
    }
  }
  return { id, formatted, via: build ? 'its standalone build' : 'its API' };
}

parentPort?.on('message', (request: FormatRequest) => {
  answer(request).then(
    (result) => parentPort?.postMessage(result),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
