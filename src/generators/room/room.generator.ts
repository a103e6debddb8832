import { ensureClassMember } from '../../ast/ensure-class-member';
import { ensureDeclaration } from '../../ast/ensure-declaration';
import { ensureInterfaceMember } from '../../ast/ensure-interface-member';
import { ensureMessageHandler } from '../../nest/ensure-message-handler';
import type { Snippet } from '../../ast/snippet';
import { detectQuote } from '../../text/text-style';
import { defineGenerator } from '../../engine/generator';
import { projectFiles } from '../../ast/constant-strings';
import { planBehaviourSpec } from '../shared/behaviour-spec';
import { planE2eSpec, recordedE2eGateway } from '../shared/e2e-spec';
import { onlyGateway, resolveGateway } from '../shared/gateway-target';
import { mapEntry, mapKey, type MapEntry } from '../shared/payload';
import { roomCode, roomNames } from './room-code';
import { roomCommand, type RoomOptions } from './room.options';

export type { RoomOptions } from './room.options';

/**
 * Rooms on an existing gateway: join (authorised by canJoin(), validated), leave, and a message to
 * the other members; with --presence, a joined notice and a bounded member count; a room-name
 * builder and every type in the gateway's events file.
 */
export const roomGenerator = defineGenerator<RoomOptions>({
  name: 'room',
  options: roomCommand.options,
  artefactName: (options) => `${options.gateway}:${options.room}`,
  async plan({ tree, project, options, editFile, scaffoldFile, ownedFile, addDependencies, nextStep, render }) {
    const readFile = projectFiles(tree);
    const gateway = options.gateway ?? onlyGateway(tree);
    const target = resolveGateway(tree, project, gateway);
    const n = roomNames(options.room, options.pattern, target.base);
    const { eventsFile, gatewayFile } = target;
    const quote = detectQuote(tree.read(eventsFile)!);
    const c2s = `${target.base}ClientToServerEvents`;
    const s2c = `${target.base}ServerToClientEvents`;
    const code = roomCode(render, n, { io: target.io, presence: options.presence === true, eventsImport: target.eventsImport, socketType: target.socketType });
    const entry = (event: string, payload: string, answer?: string) => mapEntry(render, { key: mapKey(event, quote), payload, answer, failureImport: target.failureImport });

    editFile(eventsFile, (text) => {
      let next = text;
      const { declarations: d } = code;
      const declarations: [string, Snippet][] = [
        [n.builder, d.builder],
        [n.types.roomDto, d.roomDto],
        [n.types.messageDto, d.messageDto],
        [n.types.ack, d.ack],
        ...(options.presence ? [[n.types.joined, d.joined] as [string, Snippet]] : []),
        [n.types.message, d.message],
      ];
      for (const [name, { code: declaration, imports }] of declarations) next = ensureDeclaration(eventsFile, next, { name, declaration, imports, before: c2s });
      const entries: [string, string, MapEntry][] = [
        [c2s, n.events.join, entry(n.events.join, n.types.roomDto, n.types.ack)],
        [c2s, n.events.leave, entry(n.events.leave, n.types.roomDto, n.types.ack)],
        [c2s, n.events.message, entry(n.events.message, n.types.messageDto, n.types.ack)],
        ...(options.presence
          ? ([
              [c2s, n.events.members, entry(n.events.members, n.types.roomDto, n.types.ack)],
              [s2c, n.events.joined, entry(n.events.joined, n.types.joined)],
            ] as [string, string, MapEntry][])
          : []),
        [s2c, n.events.message, entry(n.events.message, n.types.message)],
      ];
      for (const [interfaceName, name, member] of entries) next = ensureInterfaceMember(eventsFile, next, { interfaceName, name, ...member }, readFile);
      return next;
    }, `${n.room} room: builder, DTOs and event map entries`);

    let added = false;
    editFile(gatewayFile, (text) => {
      // Handlers first, on the user's text, so that a refusal points at the line they see.
      let next = text;
      const { handlers: h } = code;
      const handlers: [string, string, string, Snippet][] = [
        [n.events.join, n.handlers.join, n.types.roomDto, h.join],
        [n.events.leave, n.handlers.leave, n.types.roomDto, h.leave],
        [n.events.message, n.handlers.message, n.types.messageDto, h.message],
        ...(options.presence ? [[n.events.members, n.handlers.members, n.types.roomDto, h.members] as [string, string, string, Snippet]] : []),
      ];
      for (const [event, name, payloadType, { code: member, imports }] of handlers) {
        next = ensureMessageHandler(gatewayFile, next, { event, name, payloadType, returnType: n.types.ack, member, imports }, readFile);
      }
      added = next !== text;
      return ensureClassMember(gatewayFile, next, { target: { decoratedWith: 'WebSocketGateway' }, name: 'canJoin', member: code.canJoin.code, imports: code.canJoin.imports });
    }, `${n.room} room: join, leave and message handlers, canJoin()`);
    if (options.spec !== false) {
      planBehaviourSpec({ tree, project, render, scaffoldFile }, target, {
        name: `${n.room}.room`,
        handlersAdded: added,
        template: 'room/room.spec.ts.ejs',
        data: { n, presence: options.presence === true },
        what: `${n.room} room spec`,
      });
      const e2eGateway = recordedE2eGateway(tree, target);
      if (e2eGateway) {
        planE2eSpec({ tree, project, render, scaffoldFile, ownedFile, addDependencies }, e2eGateway, {
          name: `${n.room}.room`,
          artefactAdded: added,
          template: 'room/room.e2e-spec.ts.ejs',
          data: { n, presence: options.presence === true },
          what: `${n.room} room e2e spec`,
        });
      }
    }

    nextStep(`Decide who may join which room in canJoin() of ${gatewayFile} (default: any authenticated identity).`);
    nextStep(`From a client: await socket.emitWithAck('${n.events.join}', { ${n.params.map((p) => `${p}: '42'`).join(', ')} }); socket.on('${n.events.message}', ...).`);
    // Recorded in the manifest, so that `check` re-plans the same gateway.
    return { resolved: { gateway } };
  },
});
