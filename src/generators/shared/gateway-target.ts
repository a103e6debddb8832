import { posix } from 'node:path';
import { projectFiles } from '../../ast/constant-strings';
import { parseSource } from '../../ast/source';
import { RefusalError, UsageError } from '../../errors';
import type { Tree } from '../../tree/tree';
import { projectGateways } from '../../nest/project-gateways';
import type { ProjectInfo } from '../../project/detect';
import { artefactNames, relativeImport } from './names';
import { kitDir } from './websockets-kit';
import { recordedGateways } from './transport';

/** The gateway an event or room goes into, and the event-map file beside it. */
export interface GatewayTarget {
  gatewayFile: string;
  eventsFile: string;
  /** `Chat` in `ChatClientToServerEvents`: the prefix of every type added to the events file. */
  base: string;
  /** How the gateway imports the events file: `./chat.events` (+ `.js` in ESM). */
  eventsImport: string;
  /**
   * How a handler reaches its namespace: `this.server`, or `client.nsp` when @WebSocketServer() is
   * a ParentNamespace (a RegExp namespace's server only reaches the children on this instance).
   */
  io: 'this.server' | 'client.nsp';
  /**
   * How the events file imports `WsFailure`, what WsExceptionsFilter answers a failed request's
   * ack with; none when the project's filter does not export it (no kit, or one from template v2).
   */
  failureImport?: string;
  /** The gateway's class, e.g. `ChatGateway`. */
  className: string;
  /** The type of a handler's client: the events file's `<Base>GatewaySocket` (typed maps and data), else socket.io's `Socket`. */
  socketType: string;
}

/**
 * `--gateway chat` (as given to add-gateway, looked up in ws-scaffold.json, then at the default
 * places) or `--gateway src/chat/chat.gateway.ts`.
 */
export function resolveGateway(tree: Tree, project: ProjectInfo, gateway: string): GatewayTarget {
  const gatewayFile = findGatewayFile(tree, project, gateway);
  const eventsFile = gatewayFile.replace(/\.gateway\.ts$/, '.events.ts');
  const events = tree.read(eventsFile);
  if (events === undefined || eventsFile === gatewayFile) {
    throw new RefusalError(eventsFile, 'the gateway has no events file beside it (add-gateway writes <name>.events.ts with the event maps)',
      '// <name>.events.ts\nexport interface <Name>ClientToServerEvents {}\nexport interface <Name>ServerToClientEvents {}');
  }
  const eventsSource = parseSource(eventsFile, events);
  const maps = eventsSource.getInterfaces().map((i) => i.getName()).filter((n) => n.endsWith('ClientToServerEvents'));
  if (maps.length !== 1) {
    throw new RefusalError(eventsFile, maps.length ? 'more than one *ClientToServerEvents interface' : 'no *ClientToServerEvents interface (the event map) was found',
      'export interface <Name>ClientToServerEvents {}\nexport interface <Name>ServerToClientEvents {}');
  }
  const base = maps[0].slice(0, -'ClientToServerEvents'.length);
  const gatewaySource = parseSource(gatewayFile, tree.read(gatewayFile)!);
  if (gatewaySource.getImportDeclaration('ws') && !gatewaySource.getImportDeclaration('socket.io')) {
    throw new UsageError(`${gatewayFile} is a ws gateway: add-event, add-room and add-client write socket.io code. Add handlers to it by hand (rooms: WsRooms in websockets/ws-rooms.ts).`);
  }
  const serverProperty = gatewaySource.getClasses().flatMap((c) => c.getProperties()).find((p) => p.getDecorator('WebSocketServer'));
  const serverType = /^\w+/.exec(serverProperty?.getTypeNode()?.getText() ?? '')?.[0];
  return {
    gatewayFile,
    eventsFile,
    base,
    eventsImport: `./${posix.basename(eventsFile, '.ts')}${project.importSuffix}`,
    io: serverType === 'ParentNamespace' ? 'client.nsp' : 'this.server',
    failureImport: failureImportOf(tree, project, eventsFile),
    className: gatewaySource.getClasses().find((c) => c.getDecorator('WebSocketGateway'))?.getName() ?? `${base}Gateway`,
    socketType: eventsSource.getTypeAlias(`${base}GatewaySocket`)?.isExported() ? `${base}GatewaySocket` : 'Socket',
  };
}

function failureImportOf(tree: Tree, project: ProjectInfo, eventsFile: string): string | undefined {
  const filterFile = posix.join(kitDir(project.sourceRoot), 'ws-exceptions.filter.ts');
  const filter = tree.read(filterFile);
  if (!filter || !parseSource(filterFile, filter).getInterface('WsFailure')?.isExported()) return undefined;
  return relativeImport(eventsFile, filterFile, project.importSuffix);
}

/**
 * The gateway an event, room or client goes to when none is named: the project's only socket.io
 * gateway in ws-scaffold.json (`nest g ws-event` cannot pass --gateway; a terminal need not ask).
 * Several, or none, is an error that names them.
 */
export function onlyGateway(tree: Tree): string {
  const gateways = recordedGateways(tree)
    .filter((g) => g.transport === 'socket.io')
    .map((g) => g.artefact);
  if (gateways.length === 1) return gateways[0].name;
  throw new UsageError(
    gateways.length === 0
      ? 'missing --gateway <name|file>: ws-scaffold.json lists no socket.io gateway to default to.'
      : `missing --gateway <name|file>: the project has ${gateways.length} gateways (${gateways.map((g) => g.name).join(', ')}); name one.`,
  );
}

function findGatewayFile(tree: Tree, project: ProjectInfo, gateway: string): string {
  const given = gateway.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  if (given.endsWith('.ts')) {
    if (!tree.exists(given)) throw new UsageError(`--gateway ${gateway}: no such file in the project.`);
    // A file with no gateway in it is the wrong value, not a shape to refuse.
    if (!/@WebSocketGateway\s*\(/.test(tree.read(given)!)) throw new UsageError(`--gateway ${gateway}: no @WebSocketGateway class in this file; name a gateway's file (or its add-gateway name).`);
    return given;
  }
  const recorded = recordedGateways(tree).find((g) => g.artefact.name === given && g.artefact.project === project.projectName)?.artefact;
  const fromManifest = recorded?.scaffolded.find((p) => p.endsWith('.gateway.ts') && tree.exists(p));
  if (fromManifest) return fromManifest;
  const names = artefactNames(given);
  const candidates = [
    posix.join(project.sourceRoot, names.dir, names.fileName, `${names.fileName}.gateway.ts`),
    posix.join(project.sourceRoot, names.dir, `${names.fileName}.gateway.ts`),
  ];
  const found = candidates.find((c) => tree.exists(c));
  if (!found) throw new UsageError(`--gateway ${gateway}: no gateway found (looked in ${candidates.join(', ')}); pass the file, e.g. --gateway src/chat/chat.gateway.ts.`);
  return found;
}

/**
 * A new gateway's class name is the project's only gateway class of that name: a second
 * `ChatGateway` elsewhere would clash wherever both are imported (a module listing both), and a
 * registration snippet for it would not compile. Its own file (a re-run, `check`) is no clash.
 */
export function assertGatewayClassFree(tree: Tree, project: ProjectInfo, className: string, gatewayFile: string, flag = 'name'): void {
  const clash = projectGateways(tree, project.sourceRoot, projectFiles(tree)).find((g) => g.gateway === className && g.file !== gatewayFile);
  if (clash) {
    throw new UsageError(`${flag}: a gateway class ${className} already exists (${clash.file}:${clash.line}); choose another name, or add events to it (add-event --gateway ${clash.file}).`);
  }
}
