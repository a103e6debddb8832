import type { MethodDeclaration } from 'ts-morph';
import { Node, SyntaxKind } from '../../ast/morph';
import { handlerHits } from '../gateways';
import { defineRule, type Hit } from '../rule';
import { ownDescendants, unwrap } from '../syntax';

/** The names a parameter or variable binds: `payload`, or `room` and `id` of `{ room, id }`. */
const boundNames = (name: Node): string[] =>
  Node.isIdentifier(name) ? [name.getText()] : name.getDescendantsOfKind(SyntaxKind.BindingElement).map((e) => e.getName());

const references = (node: Node, names: Set<string>): boolean =>
  (Node.isIdentifier(node) && names.has(node.getText())) || node.getDescendantsOfKind(SyntaxKind.Identifier).some((i) => names.has(i.getText()));

const PERMISSION_READ = /^(user|data|roles?|permissions?|identity)$/;
/** A call that names a check: `canJoin()`, `this.rooms.mayEnter()`, `assertMember()`, `authorize()`. */
const PERMISSION_CALL = /^(can|may|allow|authori[sz]e|permit|assert|check|verify|ensure|guard)|(Allowed|Permitted|Authori[sz]ed)$/i;

const calledName = (call: Node): string | undefined => {
  const callee = Node.isCallExpression(call) ? unwrap(call.getExpression()) : undefined;
  return callee && (Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined);
};

/**
 * The checks of a handler body: an if (or ?:) whose condition calls or awaits something, reads the
 * user or its roles, or tests a value computed by a call (`const allowed = await this.canJoin(...)`);
 * and calls that name a check (`await this.assertMember(user, room)`, which throws when not).
 */
function permissionChecks(own: Node[]): Node[] {
  const computed = new Set<string>();
  for (const node of own) {
    const initializer = Node.isVariableDeclaration(node) ? node.getInitializer() : undefined;
    if (initializer && [initializer, ...initializer.getDescendants()].some((d) => Node.isCallExpression(d) || Node.isAwaitExpression(d))) {
      boundNames(node.asKindOrThrow(SyntaxKind.VariableDeclaration).getNameNode()).forEach((name) => computed.add(name));
    }
  }
  return own.filter((node) => {
    if (Node.isCallExpression(node)) return PERMISSION_CALL.test(calledName(node) ?? '');
    const condition = Node.isIfStatement(node) ? node.getExpression() : Node.isConditionalExpression(node) ? node.getCondition() : undefined;
    if (!condition) return false;
    return [condition, ...condition.getDescendants()].some(
      (part) =>
        Node.isCallExpression(part) ||
        Node.isAwaitExpression(part) ||
        (Node.isPropertyAccessExpression(part) && PERMISSION_READ.test(part.getName())) ||
        (Node.isIdentifier(part) && computed.has(part.getText())),
    );
  });
}

/** `client.join(x)` calls of a handler whose room comes from the payload, with no permission check before them. */
function unauthorisedJoins(method: MethodDeclaration): Node[] {
  const body = method.getBody();
  if (!body) return [];
  const parameters = method.getParameters();
  const positional = parameters.every((p) => p.getDecorators().length === 0);
  const socket = parameters.find((p) => p.getDecorator('ConnectedSocket')) ?? (positional ? parameters[0] : undefined);
  const payloads = positional ? parameters.slice(1, 2) : parameters.filter((p) => p.getDecorator('MessageBody'));
  if (!socket || payloads.length === 0 || !Node.isIdentifier(socket.getNameNode())) return [];
  const own = ownDescendants(body);
  const tainted = new Set(payloads.flatMap((p) => boundNames(p.getNameNode())));
  // Values derived from the payload: `const room = projectRoom(payload.id)`.
  for (let round = 0; round < 3; round++) {
    for (const declaration of own) {
      if (!Node.isVariableDeclaration(declaration)) continue;
      const initializer = declaration.getInitializer();
      if (initializer && references(initializer, tainted)) boundNames(declaration.getNameNode()).forEach((name) => tainted.add(name));
    }
  }
  const socketName = socket.getName();
  const checks = permissionChecks(own);
  return own.filter((node) => {
    if (!Node.isCallExpression(node)) return false;
    const callee = node.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'join' || unwrap(callee.getExpression())?.getText() !== socketName) return false;
    if (!node.getArguments().some((arg) => references(arg, tainted))) return false;
    return !checks.some((check) => check.getStart() < node.getStart());
  });
}

export const roomJoinUnauthorised = defineRule({
  id: 'room-join-unauthorised',
  severity: 'warning',
  title: 'a handler joins a room the client names, without checking it may',
  rationale:
    'The room name comes from the payload, so any connected client can join any room, `project:42` or `admin`, and receive what is sent to ' +
    'it. Authentication at the handshake says who the client is, not what it may see: a join needs its own check, on the server, before ' +
    'client.join().',
  fix: 'check the identity against the room before every join, and validate the id (ws-scaffold add-room <room> writes canJoin() and calls it first)',
  example: "if (!(await this.canJoin(client.data.user, room))) {\n  return { ok: false, room, reason: 'forbidden' };\n}\nawait client.join(room);",
  sources: ['socket.io docs: rooms', 'OWASP: broken access control'],
  transport: 'socket.io',
  check: (project) =>
    handlerHits(project.gateways, ({ method }, gateway) => {
      if (gateway.cls.getDecorator('UseGuards') || method.getDecorator('UseGuards')) return [];
      return unauthorisedJoins(method).map((join): Hit => ({ file: gateway.file, line: join.getStartLineNumber(), message: `${gateway.name}.${method.getName()} joins a room taken from the payload without checking that this client may` }));
    }),
});

/** Cluster adapters: with one of them the app runs on several instances. */
const CLUSTER_ADAPTERS = ['@socket.io/redis-adapter', '@socket.io/redis-streams-adapter', '@socket.io/postgres-adapter', '@socket.io/cluster-adapter', '@socket.io/mongo-adapter', 'socket.io-redis'];

export const adapterRoomsLocal = defineRule({
  id: 'adapter-rooms-local',
  severity: 'warning',
  title: 'adapter.rooms or adapter.sids is read in a clustered app',
  rationale:
    'adapter.rooms and adapter.sids are the maps of this instance only. With a Redis or PostgreSQL adapter the app runs on several instances, ' +
    'so counts and member lists read from them are wrong as soon as a second instance takes clients. fetchSockets() asks every instance.',
  fix: 'count with (await this.server.in(room).fetchSockets()).length, which asks every instance (ws-scaffold add-room <room> does)',
  example: 'const members = await this.server.in(room).fetchSockets();\nreturn { room, members: members.length };',
  sources: ['socket.io docs: rooms, server-api (fetchSockets)', 'socketio/socket.io-redis-adapter#520'],
  check(project) {
    if (!CLUSTER_ADAPTERS.some((name) => project.packages.declared[name] !== undefined)) return [];
    return project.filesMatching(/adapter\s*\??\.\s*(rooms|sids)\b/).flatMap((file) =>
      project
        .parse(file)!
        .getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)
        .filter((access) => {
          const owner = unwrap(access.getExpression());
          return ['rooms', 'sids'].includes(access.getName()) && !!owner && Node.isPropertyAccessExpression(owner) && owner.getName() === 'adapter';
        })
        .map((access) => ({ file, line: access.getStartLineNumber(), message: `${access.getText()} only knows this instance's sockets; the app runs a cluster adapter` })),
    );
  },
});
