import type { SourceFile } from 'ts-morph';
import { Node, SyntaxKind } from '../../ast/morph';
import { gatewayOption, type Gateway } from '../gateways';
import { defineRule, type Hit } from '../rule';
import { adapterCode, ioServers, readsOrigin, serverLabel, setsOption } from '../servers';
import { isTrue, literalString, objectLiteralOf, propertyOf, valueOf } from '../syntax';

export const corsWildcardCredentials = defineRule({
  id: 'cors-wildcard-credentials',
  severity: 'error',
  title: "CORS lets every origin in ('*' or true) with credentials",
  rationale:
    "`origin: '*'` or `origin: true` (which echoes any Origin back) together with `credentials: true` tells browsers that every site may talk to the " +
    "server with the user's cookies. The WebSocket transport is not subject to CORS at all, so a foreign page connects regardless: Cross-Site " +
    'WebSocket Hijacking, when authentication relies on cookies.',
  fix: 'list the allowed origins explicitly (from configuration) and check Origin in allowRequest (ws-scaffold add-gateway <name> wires SecureIoAdapter, which does both)',
  example: "cors: { origin: ['https://app.example.com'], credentials: true },\nallowRequest: (req, callback) => callback(null, ALLOWED.includes(req.headers.origin ?? '')),",
  sources: ['socket.io docs: handling-cors', 'OWASP: Cross-Site WebSocket Hijacking'],
  check(project) {
    const hits: Hit[] = [];
    for (const gateway of project.gateways) {
      const cors = gateway.options && propertyOf(gateway.options, 'cors');
      if (cors && wildcardWithCredentials(valueOf(cors))) hits.push(corsHit(gateway.file, cors));
    }
    const adapter = adapterCode(project);
    if (adapter.kind === 'project') {
      for (const source of adapter.sources) {
        for (const cors of source.getDescendantsOfKind(SyntaxKind.PropertyAssignment).filter((p) => p.getName() === 'cors')) {
          if (wildcardWithCredentials(cors.getInitializer())) hits.push(corsHit(fileOf(source), cors));
        }
      }
    }
    return hits;
  },
});

const fileOf = (source: SourceFile): string => source.getFilePath().replace(/^\/+/, '');
const corsHit = (file: string, cors: Node): Hit => ({ file, line: cors.getStartLineNumber(), message: 'cors allows every origin together with credentials: any site can use the visitor’s cookies' });

function wildcardWithCredentials(node: Node | undefined): boolean {
  const cors = objectLiteralOf(node);
  if (!cors || !isTrue(valueOf(propertyOf(cors, 'credentials')))) return false;
  const origin = valueOf(propertyOf(cors, 'origin'));
  if (!origin) return false;
  if (isTrue(origin) || literalString(origin) === '*') return true;
  if (Node.isArrayLiteralExpression(origin)) return origin.getElements().some((e) => literalString(e) === '*');
  return Node.isRegularExpressionLiteral(origin) && /^\/\.\*\/\w*$|^\/\.\+\/\w*$/.test(origin.getText());
}

export const noOriginCheck = defineRule({
  id: 'no-origin-check',
  severity: 'warning',
  title: 'the WebSocket server does not check the Origin of a handshake',
  rationale:
    "CORS does not apply to the WebSocket transport: a page on any site can open a WebSocket to the server, and the browser sends the user's " +
    'cookies with it. Only a check of the Origin header at the handshake (socket.io allowRequest, ws verifyClient) refuses such a page. Without ' +
    'it, an app that authenticates by cookie is open to Cross-Site WebSocket Hijacking.',
  fix: 'check Origin against an allow-list in allowRequest (socket.io) or verifyClient (ws), set in the adapter for every gateway (ws-scaffold add-gateway <name> wires SecureIoAdapter / SecureWsAdapter)',
  example: "allowRequest: (request, callback) => {\n  const allowed = ALLOWED_ORIGINS.includes(request.headers.origin ?? '');\n  callback(allowed ? null : 'origin not allowed', allowed);\n},",
  sources: ['socket.io docs: handling-cors', 'OWASP: Cross-Site WebSocket Hijacking'],
  check(project) {
    const adapter = adapterCode(project);
    if (adapter.kind === 'opaque') return [];
    const option = project.transport === 'ws' ? 'verifyClient' : 'allowRequest';
    if (adapter.kind === 'project' && setsOption(adapter.sources, option) && readsOrigin(adapter.sources)) return [];
    if (project.transport === 'ws') {
      return project.gateways
        .filter((g) => g.optionsReadable && !gatewayOption(g, 'verifyClient'))
        .map((g) => ({ file: g.file, line: g.line, message: `${g.name}: nothing checks the Origin before the upgrade (no verifyClient)` }));
    }
    return ioServers(project)
      .filter((server) => server.gateways.every((g) => g.optionsReadable) && !server.gateways.some((g) => gatewayOption(g, 'allowRequest')))
      .map((server) => serverHit(server.gateways, `nothing checks the Origin of a handshake on ${serverLabel(server)} (no allowRequest)`));
  },
});

/** A finding about a whole server, at the first of its gateways. */
function serverHit(gateways: Gateway[], message: string): Hit {
  const [first] = [...gateways].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const others = gateways.length > 1 ? ` (shared by ${gateways.length} gateways)` : '';
  return { file: first.file, line: first.line, message: `${message}${others}` };
}

export const noPayloadLimit = defineRule({
  id: 'no-payload-limit',
  severity: 'info',
  title: 'the socket.io server has no explicit message size limit',
  rationale:
    'socket.io closes a connection whose message exceeds maxHttpBufferSize, 1 MB by default. A limit chosen for what the app accepts, set ' +
    'explicitly where the server is created, keeps a client from making the server buffer and parse large messages, and documents the limit.',
  fix: 'set maxHttpBufferSize in the adapter (ws-scaffold add-gateway <name> wires SecureIoAdapter, which reads WS_MAX_PAYLOAD_BYTES)',
  example: 'maxHttpBufferSize: 100_000, // in createIOServer options',
  sources: ['socket.io docs: server-options (maxHttpBufferSize)'],
  check(project) {
    const adapter = adapterCode(project);
    if (adapter.kind === 'opaque' || (adapter.kind === 'project' && setsOption(adapter.sources, 'maxHttpBufferSize'))) return [];
    return ioServers(project)
      .filter((server) => server.gateways.every((g) => g.optionsReadable) && !server.gateways.some((g) => gatewayOption(g, 'maxHttpBufferSize')))
      .map((server) => serverHit(server.gateways, `no maxHttpBufferSize on ${serverLabel(server)}: the 1 MB default applies`));
  },
});

export const wsMaxPayloadDefault = defineRule({
  id: 'ws-max-payload-default',
  severity: 'warning',
  title: "a ws gateway accepts ws's default 100 MiB messages",
  rationale:
    "The ws package accepts frames of up to 100 MiB unless maxPayload is set: one client can make the server buffer and JSON-parse a message that " +
    'large, per socket. WsAdapter passes maxPayload through the gateway options or the adapter.',
  fix: 'set maxPayload in the adapter or the gateway options (ws-scaffold add-adapter ws wires SecureWsAdapter, which reads WS_MAX_PAYLOAD_BYTES)',
  example: "@WebSocketGateway({ path: '/feed', maxPayload: 100_000 })",
  sources: ['ws docs: new WebSocketServer(options) maxPayload', 'nestjs/nest platform-ws ws-adapter.ts'],
  transport: 'ws',
  check(project) {
    const adapter = adapterCode(project);
    if (adapter.kind === 'opaque' || (adapter.kind === 'project' && setsOption(adapter.sources, 'maxPayload'))) return [];
    return project.gateways
      .filter((g) => g.optionsReadable && !gatewayOption(g, 'maxPayload'))
      .map((g) => ({ file: g.file, line: g.line, message: `${g.name}: no maxPayload; ws accepts messages of up to 100 MiB` }));
  },
});
