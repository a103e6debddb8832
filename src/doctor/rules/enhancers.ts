import type { ClassDeclaration, SourceFile } from 'ts-morph';
import { Node, SyntaxKind } from '../../ast/morph';
import { boundOnAllHandlers, enhancerArguments, type Gateway } from '../gateways';
import { globalProviders, type EnhancerToken } from '../modules';
import type { DoctorProject } from '../project';
import { defineRule, type Hit } from '../rule';
import { objectLiteralOf, propertyOf, unwrap, valueOf } from '../syntax';

type EnhancerKind = 'pipes' | 'guards' | 'interceptors' | 'filters';
const ENHANCERS: Record<EnhancerKind, { call: string; token: EnhancerToken; decorator: string }> = {
  pipes: { call: 'useGlobalPipes', token: 'APP_PIPE', decorator: 'UsePipes' },
  guards: { call: 'useGlobalGuards', token: 'APP_GUARD', decorator: 'UseGuards' },
  interceptors: { call: 'useGlobalInterceptors', token: 'APP_INTERCEPTOR', decorator: 'UseInterceptors' },
  filters: { call: 'useGlobalFilters', token: 'APP_FILTER', decorator: 'UseFilters' },
};

/** Where an enhancer of this kind is registered for the whole app: `file:line` of each. */
function globalRegistrations(project: DoctorProject, kind: EnhancerKind): string[] {
  const { call, token } = ENHANCERS[kind];
  const bootstrap = project.bootstrap;
  return [
    ...(bootstrap?.calls.filter((c) => c.method === call).map((c) => `${bootstrap.file}:${c.call.getStartLineNumber()}`) ?? []),
    ...globalProviders(project, token).map(({ module, entry }) => `${module.file}:${entry.node.getStartLineNumber()}`),
  ];
}

const withHandlers = (project: DoctorProject): Gateway[] => project.gateways.filter((g) => g.handlers.length > 0);

export const globalEnhancersIgnored = defineRule({
  id: 'global-enhancers-ignored',
  severity: 'warning',
  title: 'global pipes, guards or interceptors do not reach gateways on Nest 11',
  rationale:
    'Up to Nest 11, gateways are set up without the application config: useGlobalPipes, useGlobalGuards, useGlobalInterceptors and the ' +
    'APP_PIPE / APP_GUARD / APP_INTERCEPTOR providers never run for socket messages (verified on 11.2.6). A gateway that relies on them is ' +
    'unvalidated, unguarded or unlogged. Nest 12 applies them.',
  fix: 'bind the ones its messages need on each gateway with @UsePipes / @UseGuards / @UseInterceptors (ws-scaffold add-gateway binds its own validation pipe and exception filter; an app guard or interceptor is yours to add)',
  example: '@UsePipes(wsValidationPipe())\n@UseGuards(WsAuthGuard)\n@WebSocketGateway({ namespace: CHAT_NAMESPACE })',
  sources: ['nestjs/nest#3475', 'nestjs/nest#1598', 'nestjs/nest#8060'],
  check(project) {
    if (project.info.nestMajor > 11) return [];
    const kinds = (['pipes', 'guards', 'interceptors'] as const).map((kind) => ({ kind, at: globalRegistrations(project, kind) })).filter((k) => k.at.length > 0);
    if (kinds.length === 0) return [];
    return withHandlers(project).flatMap((gateway): Hit[] => {
      const missing = kinds.filter(({ kind }) => !boundOnAllHandlers(gateway, ENHANCERS[kind].decorator));
      if (missing.length === 0) return [];
      const list = missing.map(({ kind, at }) => `global ${kind} (${at[0]})`).join(', ');
      return [{ file: gateway.file, line: gateway.line, message: `${gateway.name}: ${list} never run on its messages on Nest ${project.info.nestMajor}` }];
    });
  },
});

export const globalFiltersIgnored = defineRule({
  id: 'global-filters-ignored',
  severity: 'warning',
  title: 'global exception filters never reach gateways',
  rationale:
    'useGlobalFilters and APP_FILTER filters are HTTP-only for gateways on every Nest version, 12 included (the ws exception context reads ' +
    'no global filters). Errors of a gateway without its own @UseFilters go to the built-in BaseWsExceptionFilter instead of the app’s filter.',
  fix: 'bind the filter on each gateway with @UseFilters(...) (ws-scaffold add-gateway <name> binds WsExceptionsFilter)',
  example: '@UseFilters(WsExceptionsFilter)\n@WebSocketGateway({ namespace: CHAT_NAMESPACE })',
  sources: ['nestjs/nest#15285', 'nestjs/nest#3475'],
  check(project) {
    const at = globalRegistrations(project, 'filters');
    if (at.length === 0) return [];
    return withHandlers(project)
      .filter((gateway) => !boundOnAllHandlers(gateway, 'UseFilters'))
      .map((gateway) => ({ file: gateway.file, line: gateway.line, message: `${gateway.name}: the global filter (${at[0]}) never sees its errors` }));
  },
});

export const exceptionCauseEchoesPayload = defineRule({
  id: 'exception-cause-echoes-payload',
  severity: 'warning',
  title: "BaseWsExceptionFilter echoes the client's payload back (includeCause)",
  rationale:
    "Since Nest 11 the built-in BaseWsExceptionFilter adds `cause: { pattern, data }` to every `exception` event: the client's whole payload goes " +
    'back with each error, and into whatever logs or forwards those events. It is the filter every gateway without its own @UseFilters gets, and ' +
    'what a subclass gets unless it passes { includeCause: false }.',
  fix: 'bind a filter that extends BaseWsExceptionFilter with super({ includeCause: false }) on every gateway (ws-scaffold add-gateway <name> writes WsExceptionsFilter)',
  example: '@Catch()\nexport class WsExceptionsFilter extends BaseWsExceptionFilter {\n  constructor() {\n    super({ includeCause: false });\n  }\n}',
  sources: ['nestjs/nest packages/websockets/exceptions/base-ws-exception-filter.ts (since 11.0)'],
  check(project) {
    if (project.info.nestMajor < 11) return [];
    const hits: Hit[] = [];
    // ws on Nest 11 drops the event altogether (ws-exceptions-dropped): nothing is echoed there.
    const emitsEvents = project.transport === 'socket.io' || project.info.nestMajor >= 12;
    for (const gateway of withHandlers(project)) {
      if (!boundOnAllHandlers(gateway, 'UseFilters')) {
        if (emitsEvents) hits.push({ file: gateway.file, line: gateway.line, message: `${gateway.name} has no @UseFilters: the default filter sends each failing payload back in \`cause\`` });
        continue;
      }
      for (const filter of enhancerArguments(gateway, 'UseFilters')) {
        const value = unwrap(filter);
        const base = value && (Node.isIdentifier(value) ? value.getText() : Node.isNewExpression(value) ? value.getExpression().getText() : undefined);
        if (base !== 'BaseWsExceptionFilter') continue;
        const options = value && Node.isNewExpression(value) ? value.getArguments()[0] : undefined;
        if (!causeOff(options)) hits.push({ file: gateway.file, line: filter.getStartLineNumber(), message: 'BaseWsExceptionFilter without { includeCause: false } sends each failing payload back in `cause`' });
      }
    }
    for (const file of project.filesMatching(/extends\s+BaseWsExceptionFilter\b/)) {
      for (const cls of project.parse(file)!.getClasses()) {
        if (cls.getExtends()?.getExpression().getText() !== 'BaseWsExceptionFilter' || !usesBaseCatch(cls)) continue;
        const superCall = cls
          .getConstructors()
          .flatMap((c) => c.getDescendantsOfKind(SyntaxKind.CallExpression))
          .find((call) => call.getExpression().getKind() === SyntaxKind.SuperKeyword);
        if (superCall && causeOff(superCall.getArguments()[0])) continue;
        hits.push({ file, line: (cls.getNameNode() ?? cls).getStartLineNumber(), message: `${cls.getName() ?? 'this filter'} extends BaseWsExceptionFilter without super({ includeCause: false }): failing payloads go back in \`cause\`` });
      }
    }
    return hits;
  },
});

/** `{ includeCause: false }`, or options we cannot read (then no finding). */
function causeOff(options: Node | undefined): boolean {
  if (options === undefined) return false;
  const object = objectLiteralOf(options);
  if (!object) return true;
  const value = valueOf(propertyOf(object, 'includeCause'));
  if (!value) return object.getProperties().some((p) => Node.isSpreadAssignment(p));
  return value.getKind() !== SyntaxKind.TrueKeyword;
}

/** The base class's catch() answers: not overridden, or overridden and calling super.catch(). */
const usesBaseCatch = (cls: ClassDeclaration): boolean => {
  const own = cls.getMethod('catch');
  return !own || own.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).some((a) => a.getName() === 'catch' && a.getExpression().getKind() === SyntaxKind.SuperKeyword);
};

export const wsExceptionsDropped = defineRule({
  id: 'ws-exceptions-dropped',
  severity: 'warning',
  title: 'errors of a ws gateway never reach the client on Nest 11',
  rationale:
    'Up to Nest 11, BaseWsExceptionFilter answers with client.emit(), which on a ws WebSocket only fires a local event: a WsException, a ' +
    'validation failure or any error of a handler is never sent to the ws client, which waits for an answer that never comes. Nest 12 sends ' +
    'an `exception` frame (PR #16366).',
  fix: 'bind a filter that sends { event: "exception", data } with client.send() on each ws gateway (ws-scaffold add-adapter ws writes WsExceptionsFilter that does)',
  example: "override catch(exception: unknown, host: ArgumentsHost): void {\n  const client = host.switchToWs().getClient<WebSocket>();\n  client.send(JSON.stringify({ event: 'exception', data: { message: String(exception) } }));\n}",
  sources: ['nestjs/nest#9056', 'nestjs/nest PR #16366'],
  transport: 'ws',
  check(project) {
    if (project.info.nestMajor > 11) return [];
    return withHandlers(project).flatMap((gateway): Hit[] => {
      if (!boundOnAllHandlers(gateway, 'UseFilters')) return [{ file: gateway.file, line: gateway.line, message: `${gateway.name} has no @UseFilters: its errors never reach ws clients on Nest ${project.info.nestMajor}` }];
      const filters = enhancerArguments(gateway, 'UseFilters');
      return filters.length > 0 && filters.every((filter) => emitsOnly(project, gateway.source, filter))
        ? [{ file: gateway.file, line: filters[0].getStartLineNumber(), message: `${gateway.name}: this filter answers with client.emit(), which ws clients never receive on Nest ${project.info.nestMajor}` }]
        : [];
    });
  },
});

/** A filter that is BaseWsExceptionFilter or a project subclass answering through its catch(). */
function emitsOnly(project: DoctorProject, from: SourceFile, filter: Node): boolean {
  const value = unwrap(filter);
  const name = value && (Node.isIdentifier(value) ? value.getText() : Node.isNewExpression(value) ? value.getExpression().getText() : undefined);
  if (!name) return false;
  if (name === 'BaseWsExceptionFilter') return true;
  const found = project.classNamed(from, name);
  return !!found && found.cls.getExtends()?.getExpression().getText() === 'BaseWsExceptionFilter' && !found.cls.getMethod('catch');
}

export const httpGuardOnWs = defineRule({
  id: 'http-guard-on-ws',
  severity: 'warning',
  title: 'an HTTP-only global guard runs on socket messages on Nest 12',
  rationale:
    'Nest 12 applies global guards (APP_GUARD, useGlobalGuards) to gateway messages too. A guard written for HTTP, one that reads ' +
    "context.switchToHttp() without checking context.getType(), gets the socket and the payload instead of a request and a response; @nestjs/throttler's " +
    'ThrottlerGuard is one (its docs: never as APP_GUARD with gateways). Messages then fail or are limited by the wrong key.',
  fix: "let the guard skip other contexts (if (context.getType() !== 'http') return true), and rate-limit sockets with a ws guard bound on the gateway (ws-scaffold add-gateway <name> --throttle)",
  example: "canActivate(context: ExecutionContext) {\n  if (context.getType() !== 'http') return true;\n  // ...\n}",
  sources: ['docs.nestjs.com security/rate-limiting (Websockets)', 'nestjs/nest 12.x ws-context-creator (global guards)'],
  check(project) {
    if (project.info.nestMajor < 12 || project.gateways.length === 0) return [];
    const guards: { file: string; node: Node; source: SourceFile; name: string }[] = [];
    for (const { module, entry } of globalProviders(project, 'APP_GUARD')) {
      if (entry.className) guards.push({ file: module.file, node: entry.node, source: module.source, name: entry.className });
    }
    for (const { call } of project.bootstrap?.calls.filter((c) => c.method === 'useGlobalGuards') ?? []) {
      for (const argument of call.getArguments()) {
        const value = unwrap(argument);
        if (value && Node.isNewExpression(value)) guards.push({ file: project.bootstrap!.file, node: argument, source: call.getSourceFile(), name: value.getExpression().getText() });
      }
    }
    return guards.flatMap((guard): Hit[] => {
      if (guard.name === 'ThrottlerGuard' || httpOnly(project, guard.source, guard.name)) {
        return [{ file: guard.file, line: guard.node.getStartLineNumber(), message: `${guard.name} reads the HTTP context and now runs on every socket message (Nest 12)` }];
      }
      return [];
    });
  },
});

/** A project guard that reads switchToHttp() and never asks getType(). */
function httpOnly(project: DoctorProject, from: SourceFile, name: string): boolean {
  const found = project.classNamed(from, name);
  if (!found) return false;
  const text = found.cls.getText();
  return /switchToHttp\s*\(/.test(text) && !/getType\s*(<[^>]*>)?\s*\(/.test(text);
}
