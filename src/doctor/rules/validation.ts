import type { SourceFile } from 'ts-morph';
import { Node, SyntaxKind } from '../../ast/morph';
import { enhancerArguments, handlerHits } from '../gateways';
import { globalProviders } from '../modules';
import type { DoctorProject } from '../project';
import { defineRule, type Hit } from '../rule';
import { hasSpread, objectLiteralOf, propertyOf, unwrap } from '../syntax';

type Verdict = 'ws' | 'http' | 'unknown';

export const validationPipeHttpError = defineRule({
  id: 'validation-pipe-http-error',
  severity: 'warning',
  title: 'ValidationPipe without a WsException factory reaches gateways',
  rationale:
    "ValidationPipe throws a BadRequestException, an HTTP exception. The gateways' exception filter only knows WsException, so the client " +
    'gets an `exception` event with "Internal server error" instead of what was wrong with its payload, and the error is logged as unexpected. ' +
    'On Nest 12 a global ValidationPipe (useGlobalPipes, APP_PIPE) runs on socket messages too, with the same result.',
  fix: 'give the pipe bound to gateways an exceptionFactory that returns a WsException (ws-scaffold add-gateway <name> writes wsValidationPipe())',
  example: "new ValidationPipe({\n  whitelist: true,\n  exceptionFactory: (errors) => new WsException({ message: 'validation failed', errors }),\n})",
  sources: ['nestjs/nest#13190', 'nestjs/nest#10881', 'docs.nestjs.com websockets/pipes'],
  check(project) {
    const hits: Hit[] = [];
    for (const gateway of project.gateways) {
      const pipes = [...enhancerArguments(gateway, 'UsePipes'), ...gateway.handlers.flatMap((h) => h.method.getParameters().flatMap((p) => bodyPipes(p.getDecorator('MessageBody')?.getArguments() ?? [])))];
      for (const pipe of pipes) {
        if (pipeVerdict(project, pipe) === 'http') hits.push({ file: gateway.file, line: pipe.getStartLineNumber(), message: `${gateway.name}: this ValidationPipe has no exceptionFactory, so invalid payloads answer "Internal server error"` });
      }
    }
    if (project.info.nestMajor >= 12 && project.gateways.length > 0) {
      const bootstrap = project.bootstrap;
      for (const { call } of bootstrap?.calls.filter((c) => c.method === 'useGlobalPipes') ?? []) {
        for (const pipe of call.getArguments()) {
          if (pipeVerdict(project, pipe) === 'http') hits.push({ file: bootstrap!.file, line: pipe.getStartLineNumber(), message: 'this global ValidationPipe runs on socket messages on Nest 12 and answers them "Internal server error"' });
        }
      }
      for (const { module, entry } of globalProviders(project, 'APP_PIPE')) {
        const pipe = entry.className ? entry.node : entry.useValue;
        const verdict = entry.className === 'ValidationPipe' ? 'http' : pipe && !entry.className ? pipeVerdict(project, pipe) : 'unknown';
        if (verdict === 'http') hits.push({ file: module.file, line: entry.node.getStartLineNumber(), message: 'this APP_PIPE ValidationPipe runs on socket messages on Nest 12 and answers them "Internal server error"' });
      }
    }
    return hits;
  },
});

/** `@MessageBody(pipe)`, `@MessageBody('field', pipe)`: the pipes (not the property name). */
const bodyPipes = (args: Node[]): Node[] => args.filter((arg) => !Node.isStringLiteral(arg) && !Node.isNoSubstitutionTemplateLiteral(arg));

/**
 * Whether a pipe expression is a ValidationPipe that answers with WsException (`ws`), one that
 * throws HTTP exceptions (`http`), or something else / unreadable (`unknown`). Follows a call to a
 * factory function of the project (`wsValidationPipe()`) into its body.
 */
function pipeVerdict(project: DoctorProject, node: Node, depth = 0): Verdict {
  const pipe = unwrap(node);
  if (!pipe) return 'unknown';
  if (Node.isIdentifier(pipe)) return pipe.getText() === 'ValidationPipe' ? 'http' : 'unknown';
  if (Node.isNewExpression(pipe)) {
    if (pipe.getExpression().getText() !== 'ValidationPipe') return 'unknown';
    return optionsVerdict(pipe.getArguments()[0]);
  }
  if (Node.isCallExpression(pipe) && Node.isIdentifier(pipe.getExpression()) && depth < 3) {
    const factory = functionBody(project, pipe.getSourceFile(), pipe.getExpression().getText());
    const made = factory?.getDescendantsOfKind(SyntaxKind.NewExpression).filter((n) => n.getExpression().getText() === 'ValidationPipe') ?? [];
    const verdicts = made.map((n) => optionsVerdict(n.getArguments()[0]));
    return verdicts.includes('http') ? 'http' : verdicts.length > 0 && verdicts.every((v) => v === 'ws') ? 'ws' : 'unknown';
  }
  return 'unknown';
}

function optionsVerdict(node: Node | undefined): Verdict {
  if (node === undefined) return 'http';
  const options = objectLiteralOf(node);
  if (!options || hasSpread(options)) return 'unknown';
  return propertyOf(options, 'exceptionFactory') ? 'ws' : 'http';
}

/** The body of a function a file names: declared there or imported from a project file. */
function functionBody(project: DoctorProject, from: SourceFile, name: string): Node | undefined {
  const found = project.resolve(from, name);
  if (!found) return undefined;
  const declared = found.source.getFunction(found.name);
  if (declared) return declared.getBody();
  const value = unwrap(found.source.getVariableDeclaration(found.name)?.getInitializer());
  return value && (Node.isArrowFunction(value) || Node.isFunctionExpression(value)) ? value.getBody() : undefined;
}

export const dtoNotValidated = defineRule({
  id: 'dto-not-validated',
  severity: 'warning',
  title: 'a class-validator DTO reaches a handler that no pipe validates',
  rationale:
    'Decorators such as @IsString() only describe rules; a ValidationPipe applies them. Up to Nest 11 global pipes (useGlobalPipes, APP_PIPE) ' +
    'never reach gateways, so a payload typed with a DTO class arrives unchecked, whatever its shape, unless a pipe is bound on the gateway, ' +
    'the handler or the @MessageBody() itself. (A handler with an interceptor bound is not reported: it may validate.)',
  fix: 'bind a ValidationPipe with a WsException factory on the gateway: @UsePipes(new ValidationPipe({ exceptionFactory: ... })) (ws-scaffold add-gateway <name> does)',
  example: '@UsePipes(new ValidationPipe({ whitelist: true, exceptionFactory: (e) => new WsException(e) }))\n@WebSocketGateway({ namespace: CHAT_NAMESPACE })',
  sources: ['nestjs/nest#3475', 'nestjs/nest#1598', 'docs.nestjs.com websockets/pipes'],
  check(project) {
    const globalPipes =
      project.info.nestMajor >= 12 && ((project.bootstrap?.calls.some((c) => c.method === 'useGlobalPipes') ?? false) || globalProviders(project, 'APP_PIPE').length > 0);
    if (globalPipes) return [];
    return handlerHits(project.gateways, ({ method }, gateway) => {
      // A pipe, or an interceptor (which may validate the payload itself), is bound: no finding that could be false.
      if (['UsePipes', 'UseInterceptors'].some((d) => gateway.cls.getDecorator(d) || method.getDecorator(d))) return [];
      return method.getParameters().flatMap((parameter): Hit[] => {
        const body = parameter.getDecorator('MessageBody');
        if (!body || bodyPipes(body.getArguments()).length > 0) return [];
        const type = parameter.getTypeNode();
        const typeName = type && Node.isTypeReference(type) ? type.getTypeName().getText() : undefined;
        const dto = typeName ? project.classNamed(gateway.source, typeName) : undefined;
        const validated = dto?.cls.getProperties().some((p) => p.getDecorators().length > 0);
        return validated ? [{ file: gateway.file, line: parameter.getStartLineNumber(), message: `${gateway.name}.${method.getName()}: ${typeName} has validation decorators, but no pipe applies them here` }] : [];
      });
    });
  },
});
