import type { ClassDeclaration, Decorator, MethodDeclaration, ObjectLiteralElementLike, ObjectLiteralExpression, PropertyDeclaration, SourceFile } from 'ts-morph';
import { constantString, type ReadFile } from '../ast/constant-strings';
import { Node } from '../ast/morph';
import { eventNameOf } from '../nest/gateway-events';
import { namespaceOf } from '../nest/project-gateways';
import { objectLiteralOf, propertyOf, unwrap, valueOf } from './syntax';

/** A `@SubscribeMessage(...)` method. */
export interface Handler {
  method: MethodDeclaration;
  decorator: Decorator;
  /** The event, when it can be read (literal, const, enum, imported: as `check` reads them). */
  event: string | undefined;
}

/** A `@WebSocketGateway(...)` class, as far as it can be read without running anything. */
export interface Gateway {
  file: string;
  source: SourceFile;
  cls: ClassDeclaration;
  name: string;
  decorator: Decorator;
  line: number;
  /** The port argument: 0 (the HTTP server) when left out; undefined when not a literal. */
  port: number | undefined;
  /** The options object; undefined when there is none or it cannot be read (`optionsReadable`). */
  options: ObjectLiteralExpression | undefined;
  optionsReadable: boolean;
  /** `/chat`, a RegExp's source text, `/` when none; undefined when unreadable. */
  namespace: string | undefined;
  /** The socket.io server path (default `/socket.io`); undefined when unreadable. */
  serverPath: string | undefined;
  handlers: Handler[];
  serverProperty: PropertyDeclaration | undefined;
}

/** Options that belong to the gateway itself rather than to the server it shares. */
const GATEWAY_OWN_OPTIONS = new Set(['namespace', 'path']);

export function readGateways(file: string, source: SourceFile, readFile: ReadFile): Gateway[] {
  const gateways: Gateway[] = [];
  for (const cls of source.getClasses()) {
    const decorator = cls.getDecorator('WebSocketGateway');
    if (!decorator) continue;
    const args = decorator.getArguments();
    const first = unwrap(args[0]);
    // (port, options), (port) or (options); one argument that is neither a number nor an object we
    // can read could be either, so neither is known.
    const single = args.length === 1 && first !== undefined;
    const portGiven = args.length >= 2 || (single && Node.isNumericLiteral(first));
    const unknownSingle = single && !portGiven && objectLiteralOf(first) === undefined;
    const portNode = portGiven ? first : undefined;
    const optionsNode = portGiven ? args[1] : args[0];
    const options = optionsNode === undefined ? undefined : objectLiteralOf(optionsNode);
    const optionsReadable = optionsNode === undefined || options !== undefined;
    gateways.push({
      file,
      source,
      cls,
      name: cls.getName() ?? 'the default export',
      decorator,
      line: decorator.getStartLineNumber(),
      port: unknownSingle ? undefined : portNode === undefined ? 0 : Node.isNumericLiteral(portNode) ? Number(portNode.getLiteralValue()) : undefined,
      options,
      optionsReadable,
      namespace: optionsReadable ? namespaceOf(options && valueOf(propertyOf(options, 'namespace')), readFile) : undefined,
      serverPath: !optionsReadable ? undefined : options && propertyOf(options, 'path') ? constantString(valueOf(propertyOf(options, 'path')), readFile) : '/socket.io',
      handlers: cls
        .getMethods()
        .flatMap((method) => method.getDecorators().filter((d) => d.getName() === 'SubscribeMessage').map((decorator) => ({ method, decorator, event: eventNameOf(decorator, readFile) }))),
      serverProperty: cls.getProperties().find((p) => p.getDecorator('WebSocketServer')),
    });
  }
  return gateways;
}

/** The options that configure the (shared) server: everything but namespace and path. */
export function serverOptions(gateway: Gateway): ObjectLiteralElementLike[] {
  return (gateway.options?.getProperties() ?? []).filter((p) => {
    if (Node.isSpreadAssignment(p)) return true;
    return !GATEWAY_OWN_OPTIONS.has(p.getName().replace(/^['"`]|['"`]$/g, ''));
  });
}

/** A gateway option's value node. */
export const gatewayOption = (gateway: Gateway, name: string): Node | undefined => (gateway.options ? valueOf(propertyOf(gateway.options, name)) : undefined);

/** The lifecycle hook method (handleConnection, handleDisconnect, afterInit) with a body. */
export const hookOf = (gateway: Gateway, name: string): MethodDeclaration | undefined => gateway.cls.getMethod(name);

/**
 * Whether an enhancer (`UsePipes`, `UseFilters`, ...) covers every handler: on the class, or on
 * each @SubscribeMessage method.
 */
export function boundOnAllHandlers(gateway: Gateway, decorator: string): boolean {
  if (gateway.cls.getDecorator(decorator)) return true;
  return gateway.handlers.length > 0 && gateway.handlers.every((h) => h.method.getDecorator(decorator));
}

/** What `check` finds on each message handler of each gateway, in order. */
export const handlerHits = <T>(gateways: readonly Gateway[], check: (handler: Handler, gateway: Gateway) => T[]): T[] =>
  gateways.flatMap((gateway) => gateway.handlers.flatMap((handler) => check(handler, gateway)));

/** The arguments of an enhancer decorator on the class and on the gateway's handlers. */
export function enhancerArguments(gateway: Gateway, decorator: string): Node[] {
  const decorators = [gateway.cls.getDecorator(decorator), ...gateway.handlers.map((h) => h.method.getDecorator(decorator))];
  return decorators.filter((d): d is Decorator => d !== undefined).flatMap((d) => d.getArguments());
}
