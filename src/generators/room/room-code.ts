import { camelize, classify } from '@angular-devkit/core/src/utils/strings';
import { parseSnippet, type Snippet } from '../../ast/snippet';
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

/** What add-room writes, each piece with the imports it needs: templates/room/, read by parseSnippet. */
export interface RoomCode {
  declarations: { builder: Snippet; roomDto: Snippet; messageDto: Snippet; ack: Snippet; joined: Snippet; message: Snippet };
  handlers: { join: Snippet; leave: Snippet; message: Snippet; members: Snippet };
  canJoin: Snippet;
}

/**
 * `io` is how the handlers reach the namespace: `this.server`, or `client.nsp` on a
 * dynamic-namespace gateway (the parent namespace only knows local children). A join is one local
 * call and its ack: no cluster-wide query and no room-wide broadcast, so joins stay linear in the
 * room's size; `presence` adds the `joined` notice and the bounded `members` count.
 */
export function roomCode(render: Render, n: RoomNames, settings: { io: string; presence: boolean; eventsImport: string; socketType: string }): RoomCode {
  const data = { n, ...settings, args: n.params.map((p) => `payload.${p}`).join(', ') };
  const snippet = (template: string) => parseSnippet(render(`room/${template}`, data));
  return {
    declarations: {
      builder: snippet('builder.ts.ejs'),
      roomDto: snippet('room-dto.ts.ejs'),
      messageDto: snippet('message-dto.ts.ejs'),
      ack: snippet('ack.ts.ejs'),
      joined: snippet('joined.ts.ejs'),
      message: snippet('message.ts.ejs'),
    },
    handlers: {
      join: snippet('join.handler.ts.ejs'),
      leave: snippet('leave.handler.ts.ejs'),
      message: snippet('message.handler.ts.ejs'),
      members: snippet('members.handler.ts.ejs'),
    },
    canJoin: snippet('can-join.ts.ejs'),
  };
}
