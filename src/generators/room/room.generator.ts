import { ensureClassMember } from '../../ast/ensure-class-member';
import { ensureDeclaration } from '../../ast/ensure-declaration';
import { ensureImport } from '../../ast/ensure-import';
import { ensureInterfaceMember } from '../../ast/ensure-interface-member';
import { ensureMessageHandler } from '../../nest/ensure-message-handler';
import { detectQuote } from '../../text/text-style';
import { defineGenerator } from '../../engine/generator';
import { onlyGateway, projectFiles, resolveGateway } from '../shared/gateway-target';
import { mapKey } from '../shared/payload';
import { builderCode, dtoCode, handlerCode, roomNames, typesCode } from './room-code';
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
  async plan({ tree, project, options, editFile, nextStep, render }) {
    const readFile = projectFiles(tree);
    const gateway = options.gateway ?? onlyGateway(tree);
    const target = resolveGateway(tree, project, gateway);
    const n = roomNames(options.room, options.pattern, target.base);
    const { eventsFile, gatewayFile } = target;
    const quote = detectQuote(tree.read(eventsFile)!);
    const c2s = `${target.base}ClientToServerEvents`;
    const s2c = `${target.base}ServerToClientEvents`;
    const dtos = dtoCode(n);
    const types = typesCode(n);

    editFile(eventsFile, (text) => {
      let next = text;
      const validators = ['IsNotEmpty', 'IsString', 'MaxLength', ...(n.params.length ? ['Matches'] : [])];
      for (const symbol of validators) next = ensureImport(eventsFile, next, { symbol, moduleSpecifier: 'class-validator' }).text;
      const declarations: [string, string][] = [
        [n.builder, builderCode(n)],
        [n.types.roomDto, dtos.roomDto],
        [n.types.messageDto, dtos.messageDto],
        [n.types.ack, types.ack],
        ...(options.presence ? [[n.types.joined, types.joined] as [string, string]] : []),
        [n.types.message, types.message],
      ];
      for (const [name, declaration] of declarations) next = ensureDeclaration(eventsFile, next, { name, declaration, before: c2s });
      const withAck = (event: string, dto: string) => `${mapKey(event, quote)}: (payload: ${dto}, ack: (answer: ${n.types.ack}) => void) => void;`;
      next = ensureInterfaceMember(eventsFile, next, { interfaceName: c2s, name: n.events.join, member: withAck(n.events.join, n.types.roomDto) }, readFile);
      next = ensureInterfaceMember(eventsFile, next, { interfaceName: c2s, name: n.events.leave, member: withAck(n.events.leave, n.types.roomDto) }, readFile);
      next = ensureInterfaceMember(eventsFile, next, { interfaceName: c2s, name: n.events.message, member: withAck(n.events.message, n.types.messageDto) }, readFile);
      if (options.presence) {
        next = ensureInterfaceMember(eventsFile, next, { interfaceName: c2s, name: n.events.members, member: withAck(n.events.members, n.types.roomDto) }, readFile);
        next = ensureInterfaceMember(eventsFile, next, { interfaceName: s2c, name: n.events.joined, member: `${mapKey(n.events.joined, quote)}: (payload: ${n.types.joined}) => void;` }, readFile);
      }
      next = ensureInterfaceMember(eventsFile, next, { interfaceName: s2c, name: n.events.message, member: `${mapKey(n.events.message, quote)}: (payload: ${n.types.message}) => void;` }, readFile);
      return next;
    }, `${n.room} room: builder, DTOs and event map entries`);

    // A RegExp namespace's server is the parent: it only reaches local children, so use the child.
    const code = handlerCode(render, n, target.serverType === 'ParentNamespace' ? 'client.nsp' : 'this.server', options.presence === true);
    editFile(gatewayFile, (text) => {
      // Handlers first, on the user's text, so that a refusal points at the line they see.
      let next = text;
      const handlers: [string, string, string, string][] = [
        [n.events.join, n.handlers.join, n.types.roomDto, code.join],
        [n.events.leave, n.handlers.leave, n.types.roomDto, code.leave],
        [n.events.message, n.handlers.message, n.types.messageDto, code.message],
        ...(options.presence ? [[n.events.members, n.handlers.members, n.types.roomDto, code.members] as [string, string, string, string]] : []),
      ];
      for (const [event, name, payloadType, member] of handlers) {
        next = ensureMessageHandler(gatewayFile, next, { event, name, payloadType, returnType: n.types.ack, member }, readFile);
      }
      next = ensureClassMember(gatewayFile, next, { target: { decoratedWith: 'WebSocketGateway' }, name: 'canJoin', member: code.canJoin });
      if (next === text) return text;
      for (const symbol of ['ConnectedSocket', 'MessageBody', 'SubscribeMessage']) next = ensureImport(gatewayFile, next, { symbol, moduleSpecifier: '@nestjs/websockets' }).text;
      next = ensureImport(gatewayFile, next, { symbol: 'Socket', moduleSpecifier: 'socket.io', typeOnly: true }).text;
      for (const symbol of [n.builder, n.types.roomDto, n.types.messageDto]) next = ensureImport(gatewayFile, next, { symbol, moduleSpecifier: target.eventsImport }).text;
      next = ensureImport(gatewayFile, next, { symbol: n.types.ack, moduleSpecifier: target.eventsImport, typeOnly: true }).text;
      return next;
    }, `${n.room} room: join, leave and message handlers, canJoin()`);

    nextStep(`Decide who may join which room in canJoin() of ${gatewayFile} (default: any authenticated identity).`);
    nextStep(`From a client: await socket.emitWithAck('${n.events.join}', { ${n.params.map((p) => `${p}: '42'`).join(', ')} }); socket.on('${n.events.message}', ...).`);
    // Recorded in the manifest, so that `check` re-plans the same gateway.
    return { resolved: { gateway } };
  },
});
