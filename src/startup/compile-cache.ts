import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join } from 'node:path';
import { debuglog } from 'node:util';
import { Script } from 'node:vm';
import { cachesDisabled, fileIdentity, privateCacheFolder, pruneStale, writeWhole } from './cache-folder';

/*
 * Loading ts-morph and the TypeScript it bundles (13 MB of JavaScript) is most of every run that
 * reads a module. Node >= 22.1 caches compiled code between runs (module.enableCompileCache). Node 20
 * has no such cache, and the general-purpose require hooks (v8-compile-cache, v8-compile-cache-lib)
 * measured here saved under 50 ms of ~600: they still decode each file as UTF-8 and load one blob
 * for every module. On Node 20 we cache just the big bundles (ts-morph's three; in the prettier
 * worker, prettier's CommonJS builds, see format.ts): read as bytes (pure ASCII needs no
 * UTF-8 decoding), compiled with V8's code cache, written back at exit once the run has compiled
 * what it used. V8 rejects a cache made by another V8 or for another source length; we then compile
 * as usual and rewrite it. Set NODE_DISABLE_COMPILE_CACHE=1 to turn either cache off, and
 * NODE_DEBUG=ws-scaffold to see what the cache does.
 */

type LoadJs = (module: Module, filename: string) => void;
interface ModuleInternals {
  _extensions: Record<string, LoadJs>;
  _resolveFilename(request: string, parent: Module, isMain?: boolean, options?: { paths?: string[] }): string;
  wrap(source: string): string;
}
const internals = Module as unknown as ModuleInternals;
const debug = debuglog('ws-scaffold');

let enabled = false;
let pending: PendingCache[] = [];

/**
 * Turns the cache on for this thread: Node's own where there is one, else ours for `bundles`
 * (default: ts-morph's three files; the prettier worker names prettier's CommonJS builds).
 */
export function enableCompileCache(bundles?: string[]): void {
  if (enabled || cachesDisabled()) return;
  enabled = true;
  const nodeCache = (Module as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (nodeCache) nodeCache();
  else if (bundles) cacheBundles(new Set(bundles.map((path) => basename(path))), () => new Set(bundles));
  else cacheBundles(new Set(['ts-morph.js', 'ts-morph-common.js', 'typescript.js']), tsMorphBundles);
}

/** The files of our own ts-morph; none when it cannot be resolved. */
function tsMorphBundles(): Set<string> {
  try {
    const tsMorph = require.resolve('ts-morph');
    const common = Module.createRequire(tsMorph).resolve('@ts-morph/common');
    return new Set([tsMorph, common, join(dirname(common), 'typescript.js')]);
  } catch {
    return new Set();
  }
}

/** Until a bundle loads, a `.js` file costs one look at its name; `--help` resolves nothing more. */
function cacheBundles(names: ReadonlySet<string>, resolveBundles: () => ReadonlySet<string>): void {
  const loadJs = internals._extensions['.js'];
  let bundles: ReadonlySet<string> | undefined;
  let directory: string | undefined;
  internals._extensions['.js'] = function loadWithCodeCache(module: Module, filename: string): void {
    if (!names.has(basename(filename))) return loadJs(module, filename);
    if (!bundles) {
      bundles = resolveBundles();
      // Per Node version: V8 rejects a cache made by another V8 anyway.
      directory = privateCacheFolder(`code-${process.version}-${process.arch}`);
      if (!directory) debug('code cache: no private folder to keep it in; compiling as usual');
    }
    if (!directory || !bundles.has(filename)) return loadJs(module, filename);
    const path = join(directory, `${createHash('sha256').update(fileIdentity(filename)).digest('hex').slice(0, 32)}.bin`);
    const cached = readCache(path);
    const { source, ascii } = readSource(filename, cached?.ascii);
    const script = new Script(internals.wrap(source), { filename, cachedData: cached?.data });
    if (!cached || script.cachedDataRejected) {
      // Written at exit, when it also holds the functions this run compiled lazily.
      if (pending.length === 0) process.once('exit', flushCompileCache);
      pending.push({ path, script, ascii });
    }
    debug('code cache: %s %s', cached ? (script.cachedDataRejected ? 'rejected' : 'used') : 'missing', filename);
    const requireHere = Object.assign((request: string) => module.require(request), {
      resolve: (request: string, options?: { paths?: string[] }) => internals._resolveFilename(request, module, false, options),
      cache: require.cache,
      main: require.main,
    });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, requireHere, module, filename, dirname(filename));
  };
}

/*
 * A cache file is one byte (1: the source is pure ASCII, which spares the next run a scan of 9 MB)
 * and V8's code cache. It is written whole by a rename; V8 checks its own version, flags, the source
 * length and the data length.
 */
interface PendingCache {
  path: string;
  script: Script;
  ascii: boolean;
}

/** Writes the caches this thread still owes now, with the functions compiled so far. */
export function flushCompileCache(): void {
  (Module as { flushCompileCache?: () => void }).flushCompileCache?.(); // Node >= 22.10's own
  const owed = pending;
  pending = [];
  if (owed.length > 0) pruneStale(dirname(owed[0].path));
  owed.forEach(writeCache);
}

function writeCache({ path, script, ascii }: PendingCache): void {
  if (writeWhole(path, Buffer.concat([Buffer.of(ascii ? 1 : 0), script.createCachedData()]))) debug('code cache: wrote %s', path);
}

function readCache(path: string): { ascii: boolean; data: Buffer } | undefined {
  try {
    const bytes = readFileSync(path);
    return { ascii: bytes[0] === 1, data: bytes.subarray(1) };
  } catch {
    return undefined;
  }
}

function readSource(filename: string, knownAscii: boolean | undefined): { source: string; ascii: boolean } {
  const bytes = readFileSync(filename);
  // Pure ASCII reads the same as latin1, and latin1 is a copy, not a decode.
  const ascii = knownAscii ?? isAscii(bytes);
  const text = ascii ? bytes.toString('latin1') : bytes.toString('utf8');
  return { source: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, ascii };
}
