import { readJson } from '../project/detect';
import type { Tree } from '../tree/tree';

interface PackageJson {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** What package.json declares and what node_modules holds: the dependency rules read only this. */
export interface Packages {
  /** dependencies and devDependencies together. */
  declared: Record<string, string>;
  /** The line of `"name":` in package.json (first occurrence), or of `"dependencies"`. */
  line(name?: string): number;
  /** node_modules/<name>/package.json at the project root, when installed. */
  installed(name: string): PackageJson | undefined;
}

export function readPackages(tree: Tree): Packages {
  const text = tree.read('package.json') ?? '';
  const pkg = readJson<PackageJson>(tree, 'package.json') ?? {};
  const installed = new Map<string, PackageJson | undefined>();
  const lines = text.split('\n');
  const lineOfKey = (key: string): number | undefined => {
    const at = lines.findIndex((line) => line.includes(`"${key}"`) && /"\s*:/.test(line.slice(line.indexOf(`"${key}"`) + key.length + 1)));
    return at === -1 ? undefined : at + 1;
  };
  return {
    declared: { ...pkg.devDependencies, ...pkg.dependencies },
    line: (name) => (name && lineOfKey(name)) || lineOfKey('dependencies') || 1,
    installed(name) {
      if (!installed.has(name)) {
        let value: PackageJson | undefined;
        try {
          value = readJson<PackageJson>(tree, `node_modules/${name}/package.json`);
        } catch {
          value = undefined; // a broken installed manifest says nothing about the project
        }
        installed.set(name, value);
      }
      return installed.get(name);
    },
  };
}

/** The major of an installed package, else of its declared range (`^11.0.1`, `~12.1`, `11.x`). */
export function majorOf(packages: Packages, name: string): number | undefined {
  const version = packages.installed(name)?.version ?? /^[\^~>=\s]*v?(\d+)(?:\.|$|\s)/.exec(packages.declared[name] ?? '')?.[1];
  const major = /^(\d+)/.exec(version ?? '')?.[1];
  return major === undefined ? undefined : Number(major);
}
