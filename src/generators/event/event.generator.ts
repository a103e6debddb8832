import { ensureDeclaration } from '../../ast/ensure-declaration';
import { ensureInterfaceMember } from '../../ast/ensure-interface-member';
import { ensureMessageHandler } from '../../nest/ensure-message-handler';
import { parseSnippet } from '../../ast/snippet';
import { detectQuote } from '../../text/text-style';
import { defineGenerator } from '../../engine/generator';
import { projectFiles } from '../../ast/constant-strings';
import { planBehaviourSpec } from '../shared/behaviour-spec';
import { planE2eSpec, recordedE2eGateway } from '../shared/e2e-spec';
import { onlyGateway, resolveGateway } from '../shared/gateway-target';
import { eventTypeName, handlerName, mapEntry, mapKey, parseFields } from '../shared/payload';
import { eventCommand, type EventOptions } from './event.options';

export type { EventOptions } from './event.options';

export const eventGenerator = defineGenerator<EventOptions>({
  name: 'event',
  options: eventCommand.options,
  artefactName: (options) => `${options.gateway}:${options.event}`,
  async plan({ tree, project, options, editFile, scaffoldFile, ownedFile, addDependencies, nextStep, render }) {
    const event = options.event;
    const fields = parseFields(options.fields);
    const gateway = options.gateway ?? onlyGateway(tree);
    const target = resolveGateway(tree, project, gateway);
    const typeName = eventTypeName(target.base, event);
    const dto = `${typeName}Dto`;
    const answer = options.broadcast ? `${typeName}Broadcast` : `${typeName}Ack`;
    const name = handlerName(event);
    // From templates/event/, each with the imports it needs (parseSnippet).
    const data = { event, name, dto, answer, fields, io: target.io, eventsImport: target.eventsImport, socketType: target.socketType };
    const snippet = (template: string) => parseSnippet(render(`event/${template}`, data));
    const dtoCode = snippet('dto.ts.ejs');
    const answerCode = snippet(options.broadcast ? 'broadcast.interface.ts.ejs' : 'ack.interface.ts.ejs');
    const handler = snippet(options.broadcast ? 'broadcast.handler.ts.ejs' : 'ack.handler.ts.ejs');

    const { eventsFile, gatewayFile } = target;
    const key = mapKey(event, detectQuote(tree.read(eventsFile)!));
    const entry = (payload: string, ack?: string) => mapEntry(render, { key, payload, answer: ack, failureImport: target.failureImport });
    const readFile = projectFiles(tree);
    editFile(eventsFile, (text) => {
      const before = `${target.base}ClientToServerEvents`;
      let next = ensureDeclaration(eventsFile, text, { name: dto, declaration: dtoCode.code, imports: dtoCode.imports, before });
      next = ensureDeclaration(eventsFile, next, { name: answer, declaration: answerCode.code, imports: answerCode.imports, before });
      next = ensureInterfaceMember(eventsFile, next, { interfaceName: before, name: event, ...(options.broadcast ? entry(dto) : entry(dto, answer)) }, readFile);
      if (options.broadcast) {
        next = ensureInterfaceMember(eventsFile, next, { interfaceName: `${target.base}ServerToClientEvents`, name: event, ...entry(answer) }, readFile);
      }
      return next;
    }, `'${event}' DTO and event map entries`);

    let added = false;
    editFile(gatewayFile, (text) => {
      // The handler first, on the user's text, so that a refusal points at the line they see.
      const next = ensureMessageHandler(gatewayFile, text, { event, name, payloadType: dto, returnType: options.broadcast ? 'void' : answer, member: handler.code, imports: handler.imports }, readFile);
      added = next !== text;
      return next;
    }, `'${event}' handler`);
    if (options.spec !== false) {
      planBehaviourSpec({ tree, project, render, scaffoldFile }, target, {
        name: `${event.replace(/[:.]/g, '-')}.event`,
        handlersAdded: added,
        template: 'event/event.spec.ts.ejs',
        data: { ...data, broadcast: options.broadcast === true },
        what: `'${event}' spec`,
      });
      const e2eGateway = recordedE2eGateway(tree, target);
      if (e2eGateway) {
        planE2eSpec({ tree, project, render, scaffoldFile, ownedFile, addDependencies }, e2eGateway, {
          name: `${event.replace(/[:.]/g, '-')}.event`,
          artefactAdded: added,
          template: 'event/event.e2e-spec.ts.ejs',
          data: { event, answer, fields, broadcast: options.broadcast === true },
          what: `'${event}' e2e spec`,
        });
      }
    }

    nextStep(options.broadcast
      ? `Clients receive it with socket.on('${event}', (payload) => ...) and send it with socket.emit('${event}', payload).`
      : `Call it from a client: await socket.emitWithAck('${event}', payload).`);
    // Recorded in the manifest, so that `check` re-plans the same gateway.
    return { resolved: { gateway } };
  },
});
