import { camelize, classify } from '@angular-devkit/core/src/utils/strings';
import { patternPlaceholders } from '../shared/rules';

/** Everything add-room writes, named from the room and the gateway's type prefix. */
export interface RoomNames {
  room: string;
  /** `projectRoom` */
  builder: string;
  /** `{id}` names in the pattern, in order: the builder's parameters and the DTO's fields. */
  params: string[];
  pattern: string;
  events: { join: string; leave: string; message: string; joined: string; members: string };
  types: { roomDto: string; messageDto: string; ack: string; joined: string; message: string };
  handlers: { join: string; leave: string; message: string; members: string };
}

export function roomNames(room: string, pattern: string | undefined, typePrefix: string): RoomNames {
  // The room and --pattern rules (shared/rules.ts) have checked both already.
  const name = room;
  const chosen = pattern ?? `${name}:{id}`;
  const params = patternPlaceholders(chosen);
  const pascal = classify(name);
  const prefix = pascal.startsWith(typePrefix) ? pascal : `${typePrefix}${pascal}`;
  return {
    room: name,
    builder: `${camelize(name)}Room`,
    params,
    pattern: chosen,
    events: { join: `${name}:join`, leave: `${name}:leave`, message: `${name}:message`, joined: `${name}:joined`, members: `${name}:members` },
    types: { roomDto: `${prefix}RoomDto`, messageDto: `${prefix}RoomMessageDto`, ack: `${prefix}RoomAck`, joined: `${prefix}Joined`, message: `${prefix}RoomMessage` },
    handlers: { join: `handle${pascal}Join`, leave: `handle${pascal}Leave`, message: `handle${pascal}Message`, members: `handle${pascal}Members` },
  };
}

/** The room-name builder: `projectRoom('42')` is `project:42`. */
export function builderCode(n: RoomNames): string {
  const template = n.pattern.replace(/\{([A-Za-z_$][\w$]*)\}/g, '${$1}').replace(/`/g, '\\`');
  const example = n.pattern.replace(/\{[^}]+\}/g, '42');
  const call = `${n.builder}(${n.params.map(() => "'42'").join(', ')})`;
  return [
    `/** The name of a ${n.room} room: ${call} is '${example}'. */`,
    `export const ${n.builder} = (${n.params.map((p) => `${p}: string`).join(', ')}): string => \`${template}\`;`,
  ].join('\n');
}

const idField = (p: string) => `  @IsString()\n  @IsNotEmpty()\n  @MaxLength(200)\n  @Matches(/^[\\w-]+$/)\n  ${p}!: string;`;

export function dtoCode(n: RoomNames): { roomDto: string; messageDto: string } {
  const ids = n.params.map(idField);
  return {
    roomDto: `/** Which ${n.room} room to join or leave ('${n.events.join}', '${n.events.leave}'). */\nexport class ${n.types.roomDto} {${ids.length ? `\n${ids.join('\n\n')}\n` : ''}}`,
    messageDto: `/** A message to the other members of a ${n.room} room ('${n.events.message}'). */\nexport class ${n.types.messageDto} {\n${[...ids, '  @IsString()\n  @IsNotEmpty()\n  @MaxLength(2000)\n  text!: string;'].join('\n\n')}\n}`,
  };
}

export function typesCode(n: RoomNames): { ack: string; joined: string; message: string } {
  return {
    ack: `/** The answer to a join, leave or room message, through the socket.io ack. */\nexport type ${n.types.ack} =\n  | { ok: true; room: string; members?: number }\n  | { ok: false; room: string; reason: string };`,
    joined: `/** Sent to the other members of a ${n.room} room when someone joins (the one who joined has the ack). */\nexport interface ${n.types.joined} {\n  room: string;\n  user: string;\n}`,
    message: `/** What the other members of a ${n.room} room receive as '${n.events.message}'. */\nexport interface ${n.types.message} {\n  room: string;\n  from: string;\n  text: string;\n}`,
  };
}

/**
 * The handlers. `io` is how they reach the namespace: `this.server`, or `client.nsp` on a
 * dynamic-namespace gateway (the parent namespace only knows local children). A join is one local
 * call and its ack: no cluster-wide query and no room-wide broadcast, so joins stay linear in the
 * room's size; `presence` adds the `joined` notice and the bounded `members` count.
 */
export function handlerCode(n: RoomNames, io: string, presence: boolean): { join: string; leave: string; message: string; members: string; canJoin: string } {
  const args = n.params.map((p) => `payload.${p}`).join(', ');
  const who = 'user?.id ?? client.id';
  // What the handshake check stored: socket.io types socket.data as any.
  const user = ['  const { user } = client.data as { user?: { id?: string } };'];
  const head = (event: string, name: string, dto: string, async: boolean, doc: string) => [
    `/** ${doc} */`,
    `@SubscribeMessage('${event}')`,
    `${async ? 'async ' : ''}${name}(`,
    `  @MessageBody() payload: ${dto},`,
    '  @ConnectedSocket() client: Socket,',
    `): ${async ? `Promise<${n.types.ack}>` : n.types.ack} {`,
    `  const room = ${n.builder}(${args});`,
  ];
  const notMember = ['  if (!client.rooms.has(room)) {', "    return { ok: false, room, reason: 'not a member' };", '  }'];
  // Written the way prettier settles it: one property a line.
  const toOthers = (event: string, properties: string[]) => [`  client.to(room).emit('${event}', {`, ...properties.map((p) => `    ${p},`), '  });'];
  return {
    join: [
      ...head(n.events.join, n.handlers.join, n.types.roomDto, true, `'${n.events.join}': joins ${n.pattern} once canJoin() allows it.`),
      ...user,
      '  // Authorised on the server before every join: the client chooses the id.',
      '  if (!(await this.canJoin(user, room))) {',
      "    return { ok: false, room, reason: 'forbidden' };",
      '  }',
      '  await client.join(room);',
      ...(presence
        ? [
            '  // To the other members only: the one who joined has the ack.',
            ...toOthers(n.events.joined, ['room', `user: ${who}`]),
          ]
        : []),
      '  return { ok: true, room };',
      '}',
    ].join('\n'),
    members: [
      ...head(n.events.members, n.handlers.members, n.types.roomDto, true, `'${n.events.members}': how many sockets are in ${n.pattern}, across every app instance.`),
      ...notMember,
      '  try {',
      '    // Bounded: a cluster adapter asks every instance, and an outage must not hold the ack.',
      `    const sockets = await ${io}.in(room).timeout(2000).fetchSockets();`,
      '    return { ok: true, room, members: sockets.length };',
      '  } catch {',
      "    return { ok: false, room, reason: 'unavailable' };",
      '  }',
      '}',
    ].join('\n'),
    leave: [
      ...head(n.events.leave, n.handlers.leave, n.types.roomDto, true, `'${n.events.leave}': leaves ${n.pattern} (rooms are left on disconnect anyway).`),
      '  await client.leave(room);',
      '  return { ok: true, room };',
      '}',
    ].join('\n'),
    message: [
      ...head(n.events.message, n.handlers.message, n.types.messageDto, false, `'${n.events.message}': to the other members of ${n.pattern}, not back to the sender.`),
      ...notMember,
      ...user,
      ...toOthers(n.events.message, ['room', `from: ${who}`, 'text: payload.text']),
      '  return { ok: true, room };',
      '}',
    ].join('\n'),
    canJoin: [
      '/**',
      ' * Whether this identity may join this room; called before every join. Put your rule here',
      " * (e.g. look up the user's projects). The default only requires an authenticated identity.",
      ' */',
      'protected canJoin(',
      '  user: { id?: unknown } | undefined,',
      '  room: string,',
      '): boolean | Promise<boolean> {',
      "  return typeof user?.id === 'string' && room !== '';",
      '}',
    ].join('\n'),
  };
}
