import { camelize, classify } from '@angular-devkit/core/src/utils/strings';
import type { PlanContext } from '../../engine/generator';
import { patternPlaceholders } from '../shared/rules';

type Render = PlanContext<unknown>['render'];

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
 * The handlers, from templates/room/. `io` is how they reach the namespace: `this.server`, or
 * `client.nsp` on a dynamic-namespace gateway (the parent namespace only knows local children). A
 * join is one local call and its ack: no cluster-wide query and no room-wide broadcast, so joins
 * stay linear in the room's size; `presence` adds the `joined` notice and the bounded `members` count.
 */
export function handlerCode(render: Render, n: RoomNames, io: string, presence: boolean): { join: string; leave: string; message: string; members: string; canJoin: string } {
  const data = { n, io, presence, args: n.params.map((p) => `payload.${p}`).join(', ') };
  // A member is inserted as it is, without the template file's final line end.
  const member = (template: string) => render(`room/${template}`, data).replace(/\n$/, '');
  return {
    join: member('join.handler.ts.ejs'),
    leave: member('leave.handler.ts.ejs'),
    message: member('message.handler.ts.ejs'),
    members: member('members.handler.ts.ejs'),
    canJoin: member('can-join.ts.ejs'),
  };
}
