import { posix } from 'node:path';
import { ensureArrayEntry, readArrayEntries } from '../../ast/ensure-array-entry';
import { UsageError } from '../../errors';
import type { PlanContext } from '../../engine/generator';
import { kitDir } from './websockets-kit';

export const REGISTRY_VARIABLE = 'WS_NAMESPACES';
export const registryFile = (sourceRoot: string): string => posix.join(kitDir(sourceRoot), 'namespaces.ts');

const INITIAL = `/**
 * Every socket.io namespace this app serves and the gateway serving it. ws-scaffold add-gateway and
 * add-namespace keep it up to date, and refuse a namespace another gateway already serves (two
 * gateways on one namespace would silently share its connections). A RegExp is a dynamic namespace.
 */
export const ${REGISTRY_VARIABLE}: ReadonlyArray<{ namespace: string | RegExp; gateway: string }> = [];
`;

/**
 * Lists `namespace` (a '/path', or for a dynamic namespace the RegExp literal, `/^\/t-\w+$/`) as
 * served by `gateway`, creating the file when missing. Another gateway on it is an error.
 */
export function planNamespaceRegistry(context: PlanContext<unknown>, namespace: string, gateway: string, regex = false): void {
  const file = registryFile(context.project.sourceRoot);
  const current = context.tree.read(file);
  const taken = current !== undefined ? readArrayEntries(file, current, REGISTRY_VARIABLE).find((e) => e.namespace === namespace && e.gateway !== gateway) : undefined;
  if (taken) {
    throw new UsageError(`namespace ${namespace} is already served by ${taken.gateway} (see ${file}); choose another namespace, or add events to ${taken.gateway} instead.`);
  }
  if (current === undefined) context.tree.write(file, INITIAL);
  const literal = regex ? namespace : `'${namespace}'`;
  context.editFile(
    file,
    (text) => ensureArrayEntry(file, text, { variable: REGISTRY_VARIABLE, key: 'gateway', value: gateway, entry: `{ namespace: ${literal}, gateway: '${gateway}' }` }),
    `${gateway} in ${REGISTRY_VARIABLE}`,
  );
}
