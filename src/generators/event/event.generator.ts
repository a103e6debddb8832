import { ensureDeclaration } from '../../ast/ensure-declaration';
import { ensureImport } from '../../ast/ensure-import';
import { ensureInterfaceMember } from '../../ast/ensure-interface-member';
import { ensureMessageHandler } from '../../nest/ensure-message-handler';
import { detectQuote } from '../../text/text-style';
import { defineGenerator } from '../../engine/generator';
import { onlyGateway, projectFiles, resolveGateway } from '../shared/gateway-target';
import { dtoClass, eventTypeName, handlerName, mapKey, parseFields, validatorImports } from '../shared/payload';
import { eventCommand, type EventOptions } from './event.options';

export type { EventOptions } from './event.options';

export const eventGenerator = defineGenerator<EventOptions>({
  name: 'event',
  options: eventCommand.options,
  artefactName: (options) => `${options.gateway}:${options.event}`,
  async plan({ tree, project, options, editFile, nextStep, render }) {
    const event = options.event;
    const fields = parseFields(options.fields);
    const gateway = options.gateway ?? onlyGateway(tree);
    const target = resolveGateway(tree, project, gateway);
    const typeName = eventTypeName(target.base, event);
    const dto = `${typeName}Dto`;
    const answer = options.broadcast ? `${typeName}Broadcast` : `${typeName}Ack`;
    const fieldTypes = fields.map((f) => `  ${f.name}${f.optional ? '?' : ''}: ${f.type};`).join('\n');

    const { eventsFile, gatewayFile } = target;
    const quote = detectQuote(tree.read(eventsFile)!);
    const key = mapKey(event, quote);
    const readFile = projectFiles(tree);
    editFile(eventsFile, (text) => {
      let next = text;
      for (const symbol of validatorImports(fields)) next = ensureImport(eventsFile, next, { symbol, moduleSpecifier: 'class-validator' }).text;
      const before = `${target.base}ClientToServerEvents`;
      next = ensureDeclaration(eventsFile, next, { name: dto, declaration: dtoClass(dto, event, fields), before });
      next = ensureDeclaration(eventsFile, next, {
        name: answer,
        before,
        declaration: options.broadcast
          ? `/** What the other clients receive as '${event}'. */\nexport interface ${answer} {\n  from: string;\n${fieldTypes}\n}`.replace('\n\n}', '\n}')
          : `/** What the '${event}' handler answers through the socket.io acknowledgement. */\nexport interface ${answer} {\n  ok: true;\n  from: string;\n  receivedAt: string;\n}`,
      });
      next = ensureInterfaceMember(eventsFile, next, {
        interfaceName: before,
        name: event,
        member: options.broadcast
          ? `${key}: (payload: ${dto}) => void;`
          : `${key}: (payload: ${dto}, ack: (answer: ${answer}) => void) => void;`,
      }, readFile);
      if (options.broadcast) {
        next = ensureInterfaceMember(eventsFile, next, { interfaceName: `${target.base}ServerToClientEvents`, name: event, member: `${key}: (payload: ${answer}) => void;` }, readFile);
      }
      return next;
    }, `'${event}' DTO and event map entries`);

    const name = handlerName(event);
    // From templates/event/, inserted without the template file's final line end.
    const member = render(`event/${options.broadcast ? 'broadcast' : 'ack'}.handler.ts.ejs`, {
      event,
      name,
      dto,
      answer,
      fields,
      io: target.serverType === 'ParentNamespace' ? 'client.nsp' : 'this.server',
    }).replace(/\n$/, '');
    editFile(gatewayFile, (text) => {
      // The handler first, on the user's text, so that a refusal points at the line they see.
      let next = ensureMessageHandler(gatewayFile, text, { event, name, payloadType: dto, returnType: options.broadcast ? 'void' : answer, member }, readFile);
      if (next === text) return text;
      for (const symbol of ['ConnectedSocket', 'MessageBody', 'SubscribeMessage']) next = ensureImport(gatewayFile, next, { symbol, moduleSpecifier: '@nestjs/websockets' }).text;
      next = ensureImport(gatewayFile, next, { symbol: 'Socket', moduleSpecifier: 'socket.io', typeOnly: true }).text;
      next = ensureImport(gatewayFile, next, { symbol: dto, moduleSpecifier: target.eventsImport }).text;
      if (!options.broadcast) next = ensureImport(gatewayFile, next, { symbol: answer, moduleSpecifier: target.eventsImport, typeOnly: true }).text;
      return next;
    }, `'${event}' handler`);

    nextStep(options.broadcast
      ? `Clients receive it with socket.on('${event}', (payload) => ...) and send it with socket.emit('${event}', payload).`
      : `Call it from a client: await socket.emitWithAck('${event}', payload).`);
    // Recorded in the manifest, so that `check` re-plans the same gateway.
    return { resolved: { gateway } };
  },
});
