import type * as Semver from 'semver';
import { UsageError } from '../errors';
import type { Tree } from '../tree/tree';
import { parseJsonc } from './jsonc';

/** A package the generated code needs, and the versions it is written for. */
export interface DependencyWish {
  /** Ranges to add, best first: the first one every installed peer range allows is taken. */
  ranges: string[];
  /** What the generated code works with (a declared range must meet it); default: any of `ranges`. */
  accepts?: string;
  /** The version to pin when the project pins exactly (e.g. the installed @nestjs/core's for Nest packages). */
  exact?: string;
}

/** What node_modules holds, read only when a package is about to be added. */
export interface InstalledPackages {
  /** The version of `name` in the project's node_modules. */
  version(name: string): string | undefined;
  /** Every peer range on `name` of the installed packages, with who declares it. */
  peerRanges(name: string): { by: string; range: string }[];
}

export type RangeChoice = { range: string } | { kept: string };

/**
 * The range to declare for `name`, chosen so that the install cannot fail on a peer conflict
 * (npm stops with ERESOLVE when a package it adds breaks an installed package's peer range, optional
 * ones included): a version already installed that fits is declared as is; otherwise the first of
 * `wish.ranges` that meets every installed peer range. A declared range is kept unless it cannot
 * meet what the generated code needs. Anything else is an error, before a byte is written.
 */
export function chooseRange(name: string, wish: DependencyWish, declared: string | undefined, options: { installed?: InstalledPackages; exact?: boolean }): RangeChoice {
  const accepts = wish.accepts ?? wish.ranges.join(' || ');
  if (declared !== undefined) {
    // What ws-scaffold itself declared (the usual case for `check`) needs no range arithmetic.
    if (wish.ranges.some((range) => range === declared || range.replace(/^\^/, '') === declared) || declared === wish.exact) return { kept: declared };
    const range = semver().validRange(declared);
    // A tag, a URL or a workspace: protocol cannot be compared; the project knows what it wants.
    if (range && !semver().intersects(range, accepts)) {
      throw new UsageError(`package.json declares ${name} "${declared}", but the generated code needs ${accepts}: update it, then run again.`);
    }
    return { kept: declared };
  }
  const peers = options.installed?.peerRanges(name) ?? [];
  const allowed = (range: string) => peers.every((peer) => !semver().validRange(peer.range) || semver().intersects(range, peer.range));
  const installed = options.installed?.version(name);
  if (installed && semver().valid(installed) && wish.ranges.some((range) => semver().satisfies(installed, range)) && allowed(installed)) {
    return { range: options.exact ? installed : `^${installed}` };
  }
  const range = wish.ranges.find(allowed);
  if (!range) {
    const blocking = peers.filter((peer) => semver().validRange(peer.range) && wish.ranges.every((r) => !semver().intersects(r, peer.range)));
    const who = blocking.map((peer) => `${peer.by} allows ${peer.range}`).join('; ');
    throw new UsageError(`cannot add ${name}: the generated code needs ${wish.ranges.join(' or ')}, but ${who} (peer dependency); update ${blocking.map((p) => p.by.split(' ')[0]).join(', ')} first.`);
  }
  return { range: options.exact ? exactVersion(range, wish.exact) : range };
}

function exactVersion(range: string, preferred: string | undefined): string {
  if (preferred && semver().valid(preferred) && semver().satisfies(preferred, range)) return preferred;
  return semver().minVersion(range)?.version ?? range;
}

interface LockfilePackages {
  packages?: Record<string, { version?: string; peerDependencies?: Record<string, string> }>;
}

interface Manifest {
  name?: string;
  version?: string;
  peerDependencies?: Record<string, string>;
}

/**
 * The installed packages as the project's tree shows them. npm's own record of node_modules
 * (`node_modules/.package-lock.json`, else package-lock.json) lists every package with its peer
 * ranges in one file, transitive ones included, which is where an ERESOLVE comes from; without
 * it (pnpm, yarn), the declared dependencies' own package.json files are read.
 */
export function installedPackages(tree: Tree, declared: string[]): InstalledPackages {
  const manifest = (name: string) => readObject<Manifest>(tree, `node_modules/${name}/package.json`);
  let peers: { by: string; peerDependencies: Record<string, string> }[] | undefined;
  const allPeers = () => {
    if (peers) return peers;
    const lock = readObject<LockfilePackages>(tree, 'node_modules/.package-lock.json') ?? readObject<LockfilePackages>(tree, 'package-lock.json');
    if (lock?.packages) {
      peers = Object.entries(lock.packages)
        .filter(([path, entry]) => path !== '' && entry?.peerDependencies)
        .map(([path, entry]) => ({ by: `${path.replace(/^.*node_modules\//, '')} ${entry.version ?? ''}`.trim(), peerDependencies: entry.peerDependencies! }));
    } else {
      peers = declared
        .map((name) => ({ name, pkg: manifest(name) }))
        .filter(({ pkg }) => pkg?.peerDependencies)
        .map(({ name, pkg }) => ({ by: `${name} ${pkg!.version ?? ''}`.trim(), peerDependencies: pkg!.peerDependencies! }));
    }
    return peers;
  };
  return {
    version: (name) => {
      const version = manifest(name)?.version;
      return typeof version === 'string' ? version : undefined;
    },
    peerRanges: (name) =>
      allPeers()
        .filter(({ by, peerDependencies }) => typeof peerDependencies[name] === 'string' && !by.startsWith(`${name} `))
        .map(({ by, peerDependencies }) => ({ by, range: peerDependencies[name] })),
  };
}

function readObject<T>(tree: Tree, path: string): T | undefined {
  const text = tree.read(path);
  if (text === undefined) return undefined;
  try {
    const value = parseJsonc(text);
    return value && typeof value === 'object' ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

let loaded: typeof Semver | undefined;
/** semver, loaded when a dependency is about to be added: a run that adds none never needs it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = (): typeof Semver => (loaded ??= require('semver') as typeof Semver);
