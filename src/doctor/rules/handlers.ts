import { Node, SyntaxKind } from '../../ast/morph';
import { handlerHits } from '../gateways';
import { defineRule, type Hit } from '../rule';
import { ownDescendants, propertyOf, unwrap } from '../syntax';

export const wsResponseSkipsAck = defineRule({
  id: 'ws-response-skips-ack',
  severity: 'warning',
  title: 'a socket.io handler returns { event, data }, so the ack is never called',
  rationale:
    'With socket.io, what a handler returns becomes the acknowledgement, except a WsResponse `{ event, data }`: Nest emits that as a separate ' +
    'event and never calls the ack. A client that uses emitWithAck() or a callback waits until its timeout. Return the answer itself for acks; ' +
    'use server.to(...).emit() or client.emit() for pushes.',
  fix: 'return the answer itself (it becomes the ack), and emit separate events with client.emit() (ws-scaffold add-event <event> writes ack handlers)',
  example: "@SubscribeMessage('bid')\nhandleBid(@MessageBody() bid: BidDto): BidAck {\n  return { ok: true, amount: bid.amount }; // the client's emitWithAck resolves with this\n}",
  sources: ['nestjs/nest packages/platform-socket.io/adapters/io-adapter.ts', 'docs.nestjs.com websockets/gateways (Multiple responses)'],
  transport: 'socket.io',
  check: (project) =>
    handlerHits(project.gateways, ({ method }, gateway): Hit[] => {
      const returnType = method.getReturnTypeNode()?.getText().replace(/\s/g, '') ?? '';
      if (/^(Promise<|Observable<)?WsResponse\b/.test(returnType)) {
        return [{ file: gateway.file, line: method.getReturnTypeNode()!.getStartLineNumber(), message: `${gateway.name}.${method.getName()} returns a WsResponse: socket.io clients never get their ack` }];
      }
      const body = method.getBody();
      const returned = body && ownDescendants(body).find((node) => Node.isReturnStatement(node) && isWsResponse(node.getExpression()));
      return returned ? [{ file: gateway.file, line: returned.getStartLineNumber(), message: `${gateway.name}.${method.getName()} returns { event, data }: Nest emits it as an event and never calls the client's ack` }] : [];
    }),
});

function isWsResponse(node: Node | undefined): boolean {
  let value = unwrap(node);
  if (value && Node.isAwaitExpression(value)) value = unwrap(value.getExpression());
  return !!value && Node.isObjectLiteralExpression(value) && !!propertyOf(value, 'event') && !!propertyOf(value, 'data');
}

export const positionalHandlerParams = defineRule({
  id: 'positional-handler-params',
  severity: 'warning',
  title: 'a handler takes positional (client, data) parameters',
  rationale:
    'Without parameter decorators Nest passes (socket, data, ack) by position and no pipe runs on the payload: a ValidationPipe bound on the ' +
    'gateway validates nothing. Once one parameter is decorated, the undecorated ones receive undefined. @MessageBody() and @ConnectedSocket() ' +
    'say what each parameter is and let pipes apply.',
  fix: 'decorate each parameter: handle(@MessageBody() payload: Dto, @ConnectedSocket() client: Socket)',
  example: "@SubscribeMessage('message')\nhandleMessage(@MessageBody() message: MessageDto, @ConnectedSocket() client: Socket) { ... }",
  sources: ['docs.nestjs.com websockets/gateways', 'nestjs/nest packages/websockets/context/ws-context-creator.ts'],
  check: (project) =>
    handlerHits(project.gateways, ({ method }, gateway): Hit[] => {
      const positional = method.getParameters().filter((p) => p.getDecorators().length === 0);
      if (positional.length === 0) return [];
      return [{ file: gateway.file, line: method.getNameNode().getStartLineNumber(), message: `${gateway.name}.${method.getName()}(${positional.map((p) => p.getName()).join(', ')}): parameters without @MessageBody() / @ConnectedSocket(), so no pipe validates the payload` }];
    }),
});

/** Names socket.io and Nest use themselves: a client cannot send them, or they mean something else. */
export const RESERVED_EVENTS = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'error', 'exception', 'newListener', 'removeListener'];

export const reservedEventName = defineRule({
  id: 'reserved-event-name',
  severity: 'error',
  title: 'a handler subscribes to an event name socket.io or Nest reserve',
  rationale:
    'socket.io reserves connect, connect_error, disconnect, disconnecting, error, newListener and removeListener: socket.io-client refuses to ' +
    'emit them, so the handler never runs. Nest sends its errors as `exception`: a handler for it mixes client messages with error reports.',
  fix: 'rename the event, e.g. chat:error instead of error (ws-scaffold add-event refuses reserved names)',
  example: "@SubscribeMessage('chat:disconnect')",
  sources: ['socket.io docs: emitting events (reserved events)', 'nestjs/nest packages/websockets/exceptions/base-ws-exception-filter.ts'],
  transport: 'socket.io',
  check: (project) =>
    handlerHits(project.gateways, ({ event, decorator }, gateway): Hit[] =>
      event !== undefined && RESERVED_EVENTS.includes(event)
        ? [{ file: gateway.file, line: decorator.getStartLineNumber(), message: `@SubscribeMessage('${event}') in ${gateway.name}: ${event === 'exception' ? "Nest sends its errors as 'exception'" : `'${event}' is reserved by socket.io; clients cannot send it`}` }]
        : [],
    ),
});

export const serverInConstructor = defineRule({
  id: 'server-in-constructor',
  severity: 'error',
  title: 'the @WebSocketServer() property is read in the constructor',
  rationale:
    'Nest assigns the @WebSocketServer() property during app.init(), after the gateway is constructed: in the constructor it is still null, ' +
    'and using it throws "Cannot read properties of null" while the app starts. It is set before afterInit() and onModuleInit().',
  fix: 'move the code into afterInit(server), which receives the server, or onModuleInit()',
  example: 'afterInit(server: Namespace): void {\n  server.use(authMiddleware);\n}',
  sources: ['nestjs/nest packages/websockets/decorators/gateway-server.decorator.ts', 'docs.nestjs.com websockets/gateways (Server and Namespace)'],
  check: (project) =>
    project.gateways.flatMap((gateway): Hit[] => {
      const property = gateway.serverProperty?.getName();
      if (!property) return [];
      return gateway.cls.getConstructors().flatMap((constructor) => {
        const body = constructor.getBody();
        const read = body && ownDescendants(body).find((node) => Node.isPropertyAccessExpression(node) && node.getName() === property && node.getExpression().getKind() === SyntaxKind.ThisKeyword);
        return read ? [{ file: gateway.file, line: read.getStartLineNumber(), message: `${gateway.name}: this.${property} is read in the constructor, where Nest has not set it yet (null)` }] : [];
      });
    }),
});
