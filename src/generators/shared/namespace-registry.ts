import { posix } from 'node:path';
import { ensureArrayEntry, readArrayEntries } from '../../ast/ensure-array-entry';
import { UsageError } from '../../errors';
import type { PlanContext } from '../../engine/generator';
import { projectGateways } from '../../nest/project-gateways';
import { projectFiles } from '../../ast/constant-strings';
import { kitDir } from './websockets-kit';

export const REGISTRY_VARIABLE = 'WS_NAMESPACES';
export const registryFile = (sourceRoot: string): string => posix.join(kitDir(sourceRoot), 'namespaces.ts');


/** A registry entry's namespace as socket.io matches it: a RegExp literal's text, or the name itself. */
function matcher(namespace: string): { test(name: string): boolean; example: string } {
  const literal = /^\/(\^.*\$)\/([a-z]*)$/.exec(namespace);
  if (!literal) return { test: (name) => name === namespace, example: namespace };
  const pattern = new RegExp(literal[1], literal[2]);
  return { test: (name) => pattern.test(name), example: exampleChild(literal[1].replace(/\\\//g, '/')) };
}

function overlaps(namespace: string, other: string): boolean {
  const [mine, theirs] = [matcher(namespace), matcher(other)];
  return theirs.test(mine.example) || mine.test(theirs.example);
}

/** A name a namespace pattern matches, for comments, next steps and overlap checks: `^/tenant-[a-z0-9]+$` gives `/tenant-a`. */
export function exampleChild(pattern: string): string {
  const source = pattern.trim().replace(/^\/(\^.*\$)\/$/, '$1');
  const guess = source
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\\\//g, '/')
    .replace(/\[([^\]]*)\][+*]?|\\([wd])[+*]?|\.[+*]?/g, (_, set: string | undefined, escape: string | undefined) => (escape === 'd' ? '1' : set !== undefined ? firstOfSet(set) : 'a'))
    .replace(/[+*?]/g, '');
  return new RegExp(source).test(guess) ? guess : `${source} (a matching name)`;
}

/** A character a `[...]` set matches: its first one (`[0-9]` gives 0), or a letter for a negated set. */
function firstOfSet(set: string): string {
  if (set.startsWith('^') || set === '') return 'a';
  if (set.startsWith('\\')) return set[1] === 'd' ? '1' : 'a';
  return set[0];
}

/**
 * Lists `namespace` (a '/path', or for a dynamic namespace the RegExp literal, `/^\/t-\w+$/`) as
 * served by `gateway`, creating the file when missing. Another gateway on it, or on a namespace it
 * overlaps, is an error: one the registry lists, or one the project's own code serves.
 */
export function planNamespaceRegistry(context: PlanContext<unknown>, namespace: string, gateway: string, regex = false): void {
  const file = registryFile(context.project.sourceRoot);
  const current = context.tree.read(file);
  const listed = current !== undefined ? readArrayEntries(file, current, REGISTRY_VARIABLE) : [];
  const listedGateways = new Set(listed.map((e) => e.gateway));
  const others = [
    ...listed.filter((e) => e.gateway !== gateway).map((e) => ({ namespace: e.namespace, gateway: e.gateway, where: file })),
    // Hand-written gateways: the registry only knows those ws-scaffold wrote.
    ...projectGateways(context.tree, context.project.sourceRoot, projectFiles(context.tree)).flatMap((g) =>
      g.namespace !== undefined && g.gateway !== gateway && !listedGateways.has(g.gateway) ? [{ namespace: g.namespace, gateway: g.gateway, where: `${g.file}:${g.line}` }] : [],
    ),
  ];
  const taken = others.find((e) => e.namespace === namespace);
  if (taken) {
    throw new UsageError(`namespace ${namespace} is already served by ${taken.gateway} (see ${taken.where}); choose another namespace, or add events to ${taken.gateway} instead.`);
  }
  // socket.io gives a connection to the first namespace that matches: a pattern overlapping another
  // gateway's namespace would take some of its clients, or lose them to it.
  const overlapping = others.find((e) => overlaps(namespace, e.namespace));
  if (overlapping) {
    throw new UsageError(`namespace ${namespace} overlaps ${overlapping.namespace}, served by ${overlapping.gateway} (see ${overlapping.where}): a client could land on either; choose a pattern that does not match it.`);
  }
  const entry = context.render('namespace/registry-entry.ts.ejs', { namespace, gateway, regex }).replace(/\n$/, '');
  context.editFile(
    file,
    (text) => ensureArrayEntry(file, text, { variable: REGISTRY_VARIABLE, key: 'gateway', value: gateway, entry }),
    `${gateway} in ${REGISTRY_VARIABLE}`,
    { initial: context.render('namespace/registry.ts.ejs', { variable: REGISTRY_VARIABLE }) },
  );
}
