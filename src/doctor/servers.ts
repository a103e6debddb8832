import type { SourceFile } from 'ts-morph';
import { Node, SyntaxKind } from '../ast/morph';
import type { Gateway } from './gateways';
import type { DoctorProject } from './project';

/**
 * What the installed adapter's code can tell: `none` (Nest's own IoAdapter, no options of its own),
 * `project` (classes of this project, read with the files they import), or `opaque` (a package's
 * adapter, or one that cannot be followed): rules then make no finding rather than a false one.
 */
export type AdapterCode = { kind: 'none' } | { kind: 'opaque' } | { kind: 'project'; sources: SourceFile[] };

export function adapterCode(project: DoctorProject): AdapterCode {
  const adapter = project.adapter;
  if (!adapter) return { kind: 'none' };
  if (adapter.classes.length === 0) {
    return adapter.base ? { kind: 'none' } : { kind: 'opaque' };
  }
  if (!adapter.base) return { kind: 'opaque' };
  return { kind: 'project', sources: adapter.files.map((file) => project.parse(file)).filter((s): s is SourceFile => s !== undefined) };
}

/** Whether any of these files sets an option `name`: `{ name: ... }`, `{ name }`, `name() {}`, `x.name = ...`. */
export function setsOption(sources: SourceFile[], name: string): boolean {
  return sources.some((source) =>
    source.getDescendants().some((node) => {
      if ((Node.isPropertyAssignment(node) || Node.isShorthandPropertyAssignment(node) || Node.isMethodDeclaration(node)) && Node.isObjectLiteralExpression(node.getParent())) {
        return node.getName().replace(/^['"`]|['"`]$/g, '') === name;
      }
      if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
        const left = node.getLeft();
        return Node.isPropertyAccessExpression(left) && left.getName() === name;
      }
      return false;
    }),
  );
}

/** Whether these files read a request's Origin (`headers.origin`, `info.origin`, `headers['origin']`). */
export function readsOrigin(sources: SourceFile[]): boolean {
  return sources.some((source) =>
    source.getDescendants().some((node) =>
      (Node.isPropertyAccessExpression(node) && node.getName() === 'origin') ||
      (Node.isElementAccessExpression(node) && /^['"`]origin['"`]$/.test(node.getArgumentExpression()?.getText() ?? '')),
    ),
  );
}

/** socket.io middleware registered in these nodes: `<server>.use(fn)`, `<server>.of(ns).use(fn)`. */
export function registersMiddleware(node: Node): boolean {
  return node.getDescendantsOfKind(SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'use' && call.getArguments().length >= 1;
  });
}

/** One socket.io server: Nest makes one per port and path, and every gateway there shares it. */
export interface IoServer {
  port: number | undefined;
  path: string | undefined;
  gateways: Gateway[];
}

/** The socket.io gateways grouped by the server they share; an unreadable port or path is a server of its own. */
export function ioServers(project: DoctorProject): IoServer[] {
  if (project.transport !== 'socket.io') return [];
  const servers = new Map<string, IoServer>();
  project.gateways.forEach((gateway, index) => {
    const known = gateway.port !== undefined && gateway.serverPath !== undefined;
    const key = known ? `${gateway.port} ${gateway.serverPath}` : `unknown ${index}`;
    const server = servers.get(key) ?? { port: gateway.port, path: gateway.serverPath, gateways: [] };
    server.gateways.push(gateway);
    servers.set(key, server);
  });
  return [...servers.values()];
}

/** `port 0 path /socket.io` as a person reads it. */
export const serverLabel = (server: IoServer): string =>
  `the socket.io server on ${server.port === 0 ? 'the HTTP port' : `port ${server.port ?? '?'}`}${server.path && server.path !== '/socket.io' ? ` (path ${server.path})` : ''}`;
