import type { CallExpression, ClassDeclaration, MethodDeclaration, ParameterDeclaration, ReturnStatement, SourceFile, TypeNode } from 'ts-morph';
import { constantString, memberNameOf } from '../ast/constant-strings';
import { Node, SyntaxKind } from '../ast/morph';
import type { DoctorProject } from '../doctor/project';
import type { Gateway } from '../doctor/gateways';
import { objectLiteralOf, ownDescendantsOfKind, propertyOf, unwrap, valueOf } from '../doctor/syntax';
import type { Transport } from '../generators/shared/transport';
import { declarationNamed, importedName, pathOf } from './declarations';
import type { TypeInference } from './checker';
import type { CodeLocation, Schema, SchemaReader } from './schema';

/** A room a message goes to: `lobby:{id}` from `to(lobbyRoom(id))`, a template literal or a constant. */
export interface RoomPattern {
  pattern: string;
  params: string[];
}

/** Who may connect, as the handshake check reads it. */
export interface Credential {
  /** socket.io's handshake auth payload, an HTTP header, or the query string. */
  in: 'auth' | 'header' | 'query';
  name: string;
  at: CodeLocation;
}

export interface Received {
  event: string;
  at: CodeLocation;
  /** undefined: the handler takes no payload. */
  payload: Schema | undefined;
  summary?: string;
  /** The answer: the ack (socket.io), or an `{ event, data }` message / a frame (ws). */
  reply?: { event?: string; payload: Schema; at: CodeLocation };
}

export interface Sent {
  event: string;
  at: CodeLocation;
  payload: Schema | undefined;
  room?: RoomPattern;
}

/** One gateway as the contract sees it. */
export interface GatewayApi {
  gateway: Gateway;
  transport: Transport;
  /** The namespace or ws path; a RegExp namespace by its source; undefined when unreadable. */
  address: { kind: 'static'; value: string } | { kind: 'pattern'; source: string } | undefined;
  port: number | undefined;
  serverPath: string | undefined;
  credential: Credential | undefined;
  received: Received[];
  sent: Sent[];
}

interface EventMaps {
  clientToServer: Map<string, { node: Node; payload?: TypeNode; ack?: TypeNode; returns?: TypeNode }>;
  serverToClient: Map<string, { node: Node; payload?: TypeNode }>;
}

const at = (node: Node): CodeLocation => ({ file: pathOf(node.getSourceFile()), line: node.getStartLineNumber() });

/**
 * Reads what a gateway serves from what its code means: the decorators (@WebSocketGateway,
 * @SubscribeMessage, @MessageBody, @ConnectedSocket, @WebSocketServer), the types of payloads and
 * answers, the event maps its server is typed with, the events it emits and the handshake check
 * registered in afterInit. Nothing is run.
 */
export function readGatewayApi(project: DoctorProject, gateway: Gateway, reader: SchemaReader, inference: () => TypeInference, publicFiles: Set<string>, recordedWs: Map<string, boolean>): GatewayApi {
  const transport: Transport = recordedWs.has(gateway.file) || project.transport === 'ws' || importsWs(gateway.source) ? 'ws' : 'socket.io';
  const options = gatewayOptions(gateway);
  const maps = eventMaps(project, gateway);
  const api: GatewayApi = {
    gateway,
    transport,
    address: addressOf(options, transport, project, gateway),
    port: gateway.port,
    serverPath: transport === 'ws' ? undefined : gateway.serverPath,
    credential: transport === 'ws' ? wsCredential(options, gateway, publicFiles, recordedWs) : handshakeCheck(project, gateway),
    received: [],
    sent: [],
  };
  for (const handler of gateway.handlers) {
    if (handler.event === undefined) {
      reader.warn(handler.decorator, `cannot read the event name of ${handler.decorator.getText()}; this handler is left out`);
      continue;
    }
    const entry = maps.clientToServer.get(handler.event);
    const received: Received = { event: handler.event, at: at(handler.method), payload: payloadOf(handler.method, entry?.payload, reader) };
    const summary = handler.method.getJsDocs()[0]?.getDescription().trim().split('\n')[0];
    if (summary) received.summary = summary;
    const reply = replyOf(handler.method, transport, reader, inference, entry);
    if (reply) received.reply = reply;
    api.received.push(received);
  }
  for (const [event, entry] of maps.serverToClient) {
    api.sent.push({ event, at: at(entry.node), payload: entry.payload ? reader.fromTypeNode(entry.payload) : undefined });
  }
  const emits = ioEmits(gateway);
  for (const emitted of emitsOf(project, emits, reader, maps, inference)) {
    const same = api.sent.find((s) => s.event === emitted.event && (s.room?.pattern ?? '') === (emitted.room?.pattern ?? ''));
    if (same) continue;
    const typed = api.sent.find((s) => s.event === emitted.event && !s.room);
    // A map entry types the payload; an emit says where it goes.
    if (typed && emitted.room) api.sent.push({ ...emitted, payload: typed.payload });
    else if (typed) continue;
    else api.sent.push(emitted);
  }
  // A map entry that only goes to rooms is not also a namespace-wide message.
  api.sent = api.sent.filter((s) => s.room || !api.sent.some((o) => o.room && o.event === s.event) || emitsWithoutRoom(emits, s.event));
  return api;
}

function importsWs(source: SourceFile): boolean {
  return source.getImportDeclarations().some((d) => d.getModuleSpecifierValue() === 'ws' || d.getModuleSpecifierValue() === '@nestjs/platform-ws');
}

/** The options object: a literal, or the object a helper call is given (`wsGateway({ path })`). */
function gatewayOptions(gateway: Gateway): Node | undefined {
  if (gateway.options) return gateway.options;
  const args = gateway.decorator.getArguments();
  const candidate = unwrap(args.length >= 2 ? args[1] : args[0]);
  if (candidate && Node.isCallExpression(candidate)) return objectLiteralOf(candidate.getArguments()[0]);
  return undefined;
}

function addressOf(options: Node | undefined, transport: Transport, project: DoctorProject, gateway: Gateway): GatewayApi['address'] {
  const object = options && Node.isObjectLiteralExpression(options) ? options : undefined;
  if (transport === 'ws') {
    const path = object ? valueOf(propertyOf(object, 'path')) : undefined;
    if (path === undefined) return { kind: 'static', value: '/' };
    const text = constantString(path, project.readFile);
    return text === undefined ? undefined : { kind: 'static', value: text };
  }
  const namespace = gateway.namespace ?? (object ? namespaceOf(valueOf(propertyOf(object, 'namespace')), project) : undefined);
  if (namespace === undefined) return undefined;
  if (/^\/.*\/[a-z]*$/.test(namespace) && !namespace.startsWith('//') && isRegexText(namespace)) return { kind: 'pattern', source: namespace.slice(1, namespace.lastIndexOf('/')) };
  return { kind: 'static', value: namespace };
}

const isRegexText = (text: string): boolean => /^\/(?:\\.|[^\\/])+\/[a-z]*$/.test(text) && /[\^$\\[\]()*+?|]/.test(text);

function namespaceOf(node: Node | undefined, project: DoctorProject): string | undefined {
  if (node === undefined) return '/';
  const text = constantString(node, project.readFile);
  return text === undefined ? undefined : text.startsWith('/') ? text : `/${text}`;
}

/** The event maps the gateway's server (or its sockets) are typed with: `Server<ClientToServer, ServerToClient>`. */
function eventMaps(project: DoctorProject, gateway: Gateway): EventMaps {
  const maps: EventMaps = { clientToServer: new Map(), serverToClient: new Map() };
  const typed: TypeNode[] = [];
  const serverType = gateway.serverProperty?.getTypeNode();
  if (serverType) typed.push(serverType);
  for (const handler of gateway.handlers) {
    for (const parameter of handler.method.getParameters()) if (parameter.getDecorator('ConnectedSocket') && parameter.getTypeNode()) typed.push(parameter.getTypeNode()!);
  }
  const seen = new Set<Node>();
  for (const typeNode of typed) {
    const args = typeArguments(project, typeNode, 0);
    if (!args) continue;
    const [toServer, toClient] = args;
    for (const [mapType, target] of [
      [toServer, 'clientToServer'],
      [toClient, 'serverToClient'],
    ] as const) {
      const declaration = mapType && Node.isTypeReference(mapType) ? declarationNamed(project, mapType.getSourceFile(), mapType.getTypeName().getText()) : undefined;
      if (!declaration || seen.has(declaration) || !(Node.isInterfaceDeclaration(declaration) || Node.isTypeAliasDeclaration(declaration))) continue;
      seen.add(declaration);
      const members = Node.isInterfaceDeclaration(declaration) ? declaration.getMembers() : (() => {
        const node = declaration.getTypeNode();
        return node && Node.isTypeLiteral(node) ? node.getMembers() : [];
      })();
      for (const member of members) {
        if (!Node.isPropertySignature(member) && !Node.isMethodSignature(member)) continue;
        const name = memberNameOf(member, project.readFile);
        if (name === undefined) continue;
        const fn = Node.isMethodSignature(member) ? member : member.getTypeNode();
        const params = fn && (Node.isFunctionTypeNode(fn) || Node.isMethodSignature(fn)) ? fn.getParameters() : [];
        const returns = fn && (Node.isFunctionTypeNode(fn) || Node.isMethodSignature(fn)) ? fn.getReturnTypeNode() : undefined;
        const payload = params[0]?.getTypeNode();
        const ackType = params[1]?.getTypeNode();
        const ack = ackType && Node.isFunctionTypeNode(ackType) ? ackType.getParameters()[0]?.getTypeNode() : undefined;
        if (target === 'clientToServer') maps.clientToServer.set(name, { node: member, payload, ack, returns: returns && returns.getKind() !== SyntaxKind.VoidKeyword ? returns : undefined });
        else maps.serverToClient.set(name, { node: member, payload });
      }
    }
  }
  return maps;
}

/** The type arguments of `Server<A, B>` / `Namespace<A, B>` / `Socket<A, B>`, through local type aliases. */
function typeArguments(project: DoctorProject, typeNode: TypeNode, depth: number): TypeNode[] | undefined {
  if (!Node.isTypeReference(typeNode) || depth > 4) return undefined;
  const args = typeNode.getTypeArguments();
  if (args.length >= 2) return args;
  const declaration = declarationNamed(project, typeNode.getSourceFile(), typeNode.getTypeName().getText());
  if (declaration && Node.isTypeAliasDeclaration(declaration) && declaration.getTypeNode()) return typeArguments(project, declaration.getTypeNode()!, depth + 1);
  return undefined;
}

/**
 * The payload a handler takes: its `@MessageBody()` parameter's type, the fields of
 * `@MessageBody('field')` parameters, Nest's positional `(client, data)`, or else the event map's.
 */
function payloadOf(method: MethodDeclaration, mapped: TypeNode | undefined, reader: SchemaReader): Schema | undefined {
  const parameters = method.getParameters();
  const bodies = parameters.filter((p) => hasDecorator(p, 'MessageBody'));
  if (bodies.length > 0) {
    const whole = bodies.find((p) => fieldOf(p) === undefined);
    if (whole) return typeOfParameter(whole, mapped, reader);
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const body of bodies) {
      const field = fieldOf(body)!;
      properties[field] = typeOfParameter(body, undefined, reader);
      if (!body.hasQuestionToken() && !reader.admitsUndefined(body.getTypeNode())) required.push(field);
    }
    return { type: 'object', properties, ...(required.length ? { required } : {}) };
  }
  const decorated = parameters.some((p) => p.getDecorators().length > 0);
  if (!decorated && parameters.length >= 2) return typeOfParameter(parameters[1], mapped, reader);
  return mapped ? reader.fromTypeNode(mapped) : undefined;
}

const hasDecorator = (parameter: ParameterDeclaration, name: string): boolean =>
  parameter.getDecorators().some((d) => importedName(parameter.getSourceFile(), d.getName()) === name);

/** `@MessageBody('amount')`: the field; undefined for the whole body (or a pipe as the argument). */
function fieldOf(parameter: ParameterDeclaration): string | undefined {
  const decorator = parameter.getDecorators().find((d) => importedName(parameter.getSourceFile(), d.getName()) === 'MessageBody');
  return decorator ? constantString(decorator.getArguments()[0]) : undefined;
}

function typeOfParameter(parameter: ParameterDeclaration, mapped: TypeNode | undefined, reader: SchemaReader): Schema {
  const type = parameter.getTypeNode();
  if (type) return reader.fromTypeNode(type);
  if (mapped) return reader.fromTypeNode(mapped);
  return reader.unreadable(parameter, `of the parameter ${parameter.getName()} (no annotation)`);
}

/**
 * What a handler answers, from its declared return type or, without one, the type TypeScript
 * infers: Promise and Observable settle; `{ event, data }` (WsResponse) is a message of that event;
 * on socket.io anything else is the ack, on ws a frame of its own.
 */
function replyOf(method: MethodDeclaration, transport: Transport, reader: SchemaReader, inference: () => TypeInference, entry: EventMaps['clientToServer'] extends Map<string, infer E> ? E | undefined : never): Received['reply'] {
  const location = at(method.getReturnTypeNode() ?? method.getNameNode());
  const returns = returnStatements(method);
  const returned = returnedObject(returns);
  const responseEvent = returned?.event;
  const declared = method.getReturnTypeNode();
  if (declared) {
    const settled = settledTypeNode(method.getSourceFile(), declared);
    if (isVoidNode(settled)) return undefined;
    const response = wsResponseArgument(method.getSourceFile(), settled);
    if (response !== undefined) return { event: responseEvent ?? unknownEvent(reader, method), payload: response ? reader.fromTypeNode(response) : {}, at: location };
    return { payload: reader.fromTypeNode(settled), at: location };
  }
  if (!returnsValue(returns)) return undefined;
  const mappedAck = entry?.ack ?? entry?.returns;
  if (returned?.event) {
    const data = returned.data ? inferredSchema(inference(), returned.data, reader) : {};
    return { event: returned.event, payload: data, at: location };
  }
  const type = inference().returnType(method);
  if (!type) return mappedAck ? { payload: reader.fromTypeNode(mappedAck), at: location } : undefined;
  const settled = inference().settled(type);
  if (inference().isVoid(settled)) return undefined;
  if (inference().isUnknown(settled) && mappedAck) return { payload: reader.fromTypeNode(mappedAck), at: location };
  const data = inference().propertyType(settled, 'data');
  if (responseEvent && data && settled.getProperty('event')) return { event: responseEvent, payload: inference().schemaOf(data, method.getNameNode()), at: location };
  void transport;
  return { payload: inference().schemaOf(settled, method.getNameNode()), at: location };
}

function unknownEvent(reader: SchemaReader, method: MethodDeclaration): string {
  reader.warn(method.getNameNode(), `cannot read the event of the { event, data } ${method.getName()} returns; it is written as "unknown"`);
  return 'unknown';
}

function inferredSchema(inference: TypeInference, expression: Node, reader: SchemaReader): Schema {
  const type = inference.typeOf(expression);
  return type ? inference.schemaOf(type, expression) : reader.unreadable(expression);
}

/** Promise<T>, Observable<T> (and what they wrap) as T. */
function settledTypeNode(source: SourceFile, node: TypeNode): TypeNode {
  let current = node;
  for (let i = 0; i < 4; i++) {
    if (!Node.isTypeReference(current)) break;
    const name = importedName(source, current.getTypeName().getText());
    const [arg] = current.getTypeArguments();
    if ((name === 'Promise' || name === 'Observable' || name === 'PromiseLike') && arg) current = arg;
    else break;
  }
  return current;
}

const isVoidNode = (node: TypeNode): boolean => [SyntaxKind.VoidKeyword, SyntaxKind.UndefinedKeyword, SyntaxKind.NeverKeyword].includes(node.getKind());

/** `WsResponse<T>`: T (null when it has no argument); undefined when the type is something else. */
function wsResponseArgument(source: SourceFile, node: TypeNode): TypeNode | null | undefined {
  if (!Node.isTypeReference(node) || importedName(source, node.getTypeName().getText()) !== 'WsResponse') return undefined;
  return node.getTypeArguments()[0] ?? null;
}

function returnStatements(method: MethodDeclaration): ReturnStatement[] {
  const body = method.getBody();
  return body ? ownDescendantsOfKind(body, SyntaxKind.ReturnStatement) : [];
}

const returnsValue = (returns: ReturnStatement[]): boolean => returns.some((r) => r.getExpression() !== undefined);

/** The `{ event: 'x', data }` a handler returns (its event when every such return names the same constant). */
function returnedObject(returns: ReturnStatement[]): { event?: string; data?: Node } | undefined {
  for (const statement of returns) {
    const value = unwrap(statement.getExpression());
    if (!value) continue;
    // `return { event, data }`, or inside what it returns: `of({ ... })`, `from(xs).pipe(map((x) => ({ ... })))`.
    const objects = [...(Node.isObjectLiteralExpression(value) ? [value] : []), ...value.getDescendantsOfKind(SyntaxKind.ObjectLiteralExpression)];
    for (const object of objects) {
      const event = valueOf(propertyOf(object, 'event'));
      if (!event || !propertyOf(object, 'data')) continue;
      return { event: constantString(event, undefined), data: valueOf(propertyOf(object, 'data')) };
    }
  }
  return undefined;
}

/** ws gateways: ws-scaffold's SecureWsAdapter checks `Authorization: Bearer` (or the protocol pair) before the upgrade. */
function wsCredential(options: Node | undefined, gateway: Gateway, publicFiles: Set<string>, recordedWs: Map<string, boolean>): Credential | undefined {
  const object = options && Node.isObjectLiteralExpression(options) ? options : undefined;
  const flag = object ? valueOf(propertyOf(object, 'authenticate')) : undefined;
  const authenticates = flag ? flag.getKind() === SyntaxKind.TrueKeyword : recordedWs.get(gateway.file) === true && !publicFiles.has(gateway.file);
  return authenticates ? { in: 'header', name: 'authorization', at: at(flag ?? gateway.decorator) } : undefined;
}

/**
 * The handshake check: a middleware `server.use(...)` registered in afterInit (guards never run on
 * the connection). The credential is what it reads: `handshake.auth.<name>`, a header, the query.
 */
function handshakeCheck(project: DoctorProject, gateway: Gateway): Credential | undefined {
  const afterInit = gateway.cls.getMethod('afterInit');
  const body = afterInit?.getBody();
  if (!afterInit || !body) return undefined;
  const serverParam = afterInit.getParameters()[0]?.getName();
  const serverProperty = gateway.serverProperty?.getName();
  const use = body.getDescendantsOfKind(SyntaxKind.CallExpression).find((call) => {
    const callee = unwrap(call.getExpression());
    if (!callee || !Node.isPropertyAccessExpression(callee) || callee.getName() !== 'use') return false;
    const receiver = unwrap(callee.getExpression())?.getText().replace(/\s/g, '');
    return receiver === serverParam || (serverProperty !== undefined && receiver === `this.${serverProperty}`);
  });
  if (!use) return undefined;
  const middleware = use.getArguments()[0];
  return credentialIn(project, middleware, 0) ?? { in: 'auth', name: 'token', at: at(use) };
}

function credentialIn(project: DoctorProject, node: Node | undefined, depth: number): Credential | undefined {
  if (!node || depth > 3) return undefined;
  for (const access of [node, ...node.getDescendants()]) {
    const text = access.getText().replace(/\s|\?/g, '');
    if (!(Node.isPropertyAccessExpression(access) || Node.isElementAccessExpression(access))) continue;
    const match = /handshake\.(auth|headers|query)(?:\.([A-Za-z_$][\w$-]*)|\[['"`]([^'"`]+)['"`]\])$/.exec(text);
    if (match) {
      const where = match[1] === 'headers' ? 'header' : (match[1] as 'auth' | 'query');
      return { in: where, name: (match[2] ?? match[3]).toLowerCase() === 'authorization' ? 'authorization' : match[2] ?? match[3], at: at(access) };
    }
  }
  // A middleware from a function of the project: read its body.
  const value = unwrap(node);
  const callee = value && Node.isCallExpression(value) ? value.getExpression() : value;
  if (callee && Node.isIdentifier(callee)) {
    const declaration = functionNamed(project, callee.getSourceFile(), callee.getText());
    if (declaration) return credentialIn(project, declaration, depth + 1);
  }
  return undefined;
}

/** A function a file declares or imports from the project: `function f() {}` or `const f = () => ...`. */
function functionNamed(project: DoctorProject, source: SourceFile, name: string): Node | undefined {
  const found = project.resolve(source, name);
  if (!found) return undefined;
  return found.source.getFunction(found.name) ?? found.source.getVariableDeclaration(found.name)?.getInitializer();
}

/** `emit(...)` calls on the gateway's server, its sockets and their rooms, with constant event names. */
function emitsOf(project: DoctorProject, emits: IoEmit[], reader: SchemaReader, maps: EventMaps, inference: () => TypeInference): Sent[] {
  const sent: Sent[] = [];
  for (const { call, chain } of emits) {
    const [eventNode, payloadNode] = call.getArguments();
    const event = constantString(eventNode, project.readFile);
    if (event === undefined) {
      reader.warn(call, 'an emit whose event name is not a constant is left out of the contract');
      continue;
    }
    const room = chain.rooms.map((r) => roomPattern(project, r, call)).find((r) => r !== undefined);
    const typed = maps.serverToClient.get(event);
    const payload = typed?.payload ? reader.fromTypeNode(typed.payload) : payloadNode ? inferredSchema(inference(), payloadNode, reader) : undefined;
    sent.push({ event, at: at(call), payload, ...(room ? { room } : {}) });
  }
  return sent;
}

interface IoEmit {
  call: CallExpression;
  chain: { root: Node; rooms: Node[] };
}

/** The gateway's `emit(...)` calls that go out through socket.io, found in one walk of the class. */
function ioEmits(gateway: Gateway): IoEmit[] {
  const roots = ioRoots(gateway.cls);
  const emits: IoEmit[] = [];
  for (const call of gateway.cls.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = unwrap(call.getExpression());
    if (!callee || !Node.isPropertyAccessExpression(callee) || callee.getName() !== 'emit') continue;
    const chain = receiverChain(callee.getExpression());
    if (chain && isIoRoot(chain.root, call, roots)) emits.push({ call, chain });
  }
  return emits;
}

const emitsWithoutRoom = (emits: IoEmit[], event: string): boolean => emits.some(({ call, chain }) => chain.rooms.length === 0 && constantString(call.getArguments()[0]) === event);

interface IoRoots {
  serverProperty: string | undefined;
}

function ioRoots(cls: ClassDeclaration): IoRoots {
  return { serverProperty: cls.getProperties().find((p) => p.getDecorator('WebSocketServer'))?.getName() };
}

/**
 * Whether an emit chain starts at socket.io: the @WebSocketServer property, a @ConnectedSocket
 * parameter or a hook's socket, or afterInit's server parameter. Other emitters (an EventEmitter
 * field) are not the gateway's messages.
 */
function isIoRoot(root: Node, call: CallExpression, roots: IoRoots): boolean {
  const text = root.getText().replace(/\s/g, '');
  if (roots.serverProperty && text === `this.${roots.serverProperty}`) return true;
  if (!Node.isIdentifier(root)) return false;
  const method = call.getFirstAncestorByKind(SyntaxKind.MethodDeclaration);
  const parameter = method?.getParameters().find((p) => p.getName() === text);
  if (!parameter || !method) return false;
  if (hasDecorator(parameter, 'ConnectedSocket')) return true;
  const hook = method.getName();
  if ((hook === 'handleConnection' || hook === 'handleDisconnect' || hook === 'afterInit') && method.getParameters()[0] === parameter) return true;
  // Nest's positional handler: (client, data).
  return !!method.getDecorator('SubscribeMessage') && method.getParameters()[0] === parameter && parameter.getDecorators().length === 0;
}

/** `this.server.to(a).except(b).emit`: the root (`this.server`) and the rooms it is narrowed to. */
function receiverChain(expression: Node): { root: Node; rooms: Node[] } | undefined {
  const rooms: Node[] = [];
  let current = unwrap(expression);
  for (let i = 0; current && i < 12; i++) {
    if (Node.isCallExpression(current)) {
      const callee = unwrap(current.getExpression());
      if (!callee || !Node.isPropertyAccessExpression(callee)) return undefined;
      const name = callee.getName();
      if (name === 'to' || name === 'in') rooms.push(...current.getArguments());
      else if (!['except', 'timeout', 'compress', 'of'].includes(name)) return undefined;
      current = unwrap(callee.getExpression());
      continue;
    }
    if (Node.isPropertyAccessExpression(current)) {
      const name = current.getName();
      if (['broadcast', 'volatile', 'local', 'nsp'].includes(name)) {
        current = unwrap(current.getExpression());
        continue;
      }
      if (Node.isThisExpression(unwrap(current.getExpression())!)) return { root: current, rooms };
      return undefined;
    }
    if (Node.isIdentifier(current)) return { root: current, rooms };
    return undefined;
  }
  return undefined;
}

/** A room name as a pattern: `'lobby'`, `` `lobby:${id}` ``, `lobbyRoom(id)` (a function returning such a template), a const. */
function roomPattern(project: DoctorProject, node: Node, context: Node, depth = 0, bindings = new Map<string, string>()): RoomPattern | undefined {
  const value = unwrap(node);
  if (!value || depth > 4) return undefined;
  const constant = Node.isIdentifier(value) && bindings.has(value.getText()) ? bindings.get(value.getText()) : constantString(value, project.readFile);
  if (constant !== undefined) return { pattern: constant, params: [] };
  if (Node.isTemplateExpression(value)) {
    const params: string[] = [];
    let pattern = value.getHead().getLiteralText();
    for (const span of value.getTemplateSpans()) {
      const expression = unwrap(span.getExpression());
      const bound = expression && Node.isIdentifier(expression) ? bindings.get(expression.getText()) : undefined;
      if (bound !== undefined) {
        pattern += `${bound}${span.getLiteral().getLiteralText()}`;
        continue;
      }
      const name = expression && (Node.isIdentifier(expression) ? expression.getText() : Node.isPropertyAccessExpression(expression) ? expression.getName() : undefined);
      const param = freeParam(name ?? 'param', params);
      params.push(param);
      pattern += `{${param}}${span.getLiteral().getLiteralText()}`;
    }
    return { pattern, params };
  }
  if (Node.isIdentifier(value)) {
    const method = context.getFirstAncestorByKind(SyntaxKind.MethodDeclaration);
    const local = method?.getDescendantsOfKind(SyntaxKind.VariableDeclaration).find((d) => d.getName() === value.getText());
    const initializer = local?.getInitializer();
    return initializer ? roomPattern(project, initializer, context, depth + 1) : undefined;
  }
  if (Node.isCallExpression(value)) {
    const callee = value.getExpression();
    if (!Node.isIdentifier(callee)) return undefined;
    const fn = unwrap(functionNamed(project, callee.getSourceFile(), callee.getText()));
    if (!fn) return undefined;
    const body = Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn) ? fn.getBody() : undefined;
    const returned = body && Node.isBlock(body) ? body.getStatements().find((s) => Node.isReturnStatement(s)) : body;
    const template = returned && Node.isReturnStatement(returned) ? returned.getExpression() : returned;
    // Arguments that are constants are part of the name: boardRoom('main') is 'board:main'.
    const parameters = fn && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn)) ? fn.getParameters() : [];
    const bound = new Map<string, string>();
    parameters.forEach((parameter, index) => {
      const argument = constantString(value.getArguments()[index], project.readFile);
      if (argument !== undefined) bound.set(parameter.getName(), argument);
    });
    return template ? roomPattern(project, template, fn, depth + 1, bound) : undefined;
  }
  return undefined;
}

function freeParam(name: string, taken: string[]): string {
  const base = name.replace(/[^\w]/g, '') || 'param';
  let candidate = base;
  for (let n = 2; taken.includes(candidate); n++) candidate = `${base}${n}`;
  return candidate;
}
