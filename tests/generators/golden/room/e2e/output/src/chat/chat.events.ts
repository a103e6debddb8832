import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength, Matches } from 'class-validator';
import type { Socket } from 'socket.io';
import type { WsIdentity } from '../websockets/ws-auth.js';
import type {
  WsExceptionEvent,
  WsFailure,
} from '../websockets/ws-exceptions.filter.js';

/** Payload of the 'message' event; validated, and unknown fields are refused. */
export class ChatMessageDto {
  // Trimmed before it is validated: '   ' is empty.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text!: string;
}

/** What the 'message' handler answers through the socket.io acknowledgement. */
export interface ChatMessageAck {
  ok: true;
  from: string;
  text: string;
  receivedAt: string;
}

/** The name of a project room: projectRoom('42') is 'project:42'. */
export const projectRoom = (id: string): string => `project:${id}`;

/** Which project room to join or leave ('project:join', 'project:leave'). */
export class ChatProjectRoomDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(/^[\w-]+$/)
  id!: string;
}

/** A message to the other members of a project room ('project:message'). */
export class ChatProjectRoomMessageDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(/^[\w-]+$/)
  id!: string;

  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text!: string;
}

/** The answer to a join, leave or room message, through the socket.io ack. */
export type ChatProjectRoomAck =
  | { ok: true; room: string; members?: number }
  | { ok: false; room: string; reason: string };

/** What the other members of a project room receive as 'project:message'. */
export interface ChatProjectRoomMessage {
  room: string;
  from: string;
  text: string;
}

/** The name of a lobby room: lobbyRoom() is 'lobby'. */
export const lobbyRoom = (): string => `lobby`;

/** Which lobby room to join or leave ('lobby:join', 'lobby:leave'). */
export class ChatLobbyRoomDto {}

/** A message to the other members of a lobby room ('lobby:message'). */
export class ChatLobbyRoomMessageDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text!: string;
}

/** The answer to a join, leave or room message, through the socket.io ack. */
export type ChatLobbyRoomAck =
  | { ok: true; room: string; members?: number }
  | { ok: false; room: string; reason: string };

/** Sent to the other members of a lobby room when someone joins (the one who joined has the ack). */
export interface ChatLobbyJoined {
  room: string;
  user: string;
}

/** What the other members of a lobby room receive as 'lobby:message'. */
export interface ChatLobbyRoomMessage {
  room: string;
  from: string;
  text: string;
}

/**
 * Events clients send to /chat, with their payload and ack. Front-end code can type its
 * socket with these maps: io(url) as Socket<ChatServerToClientEvents, ChatClientToServerEvents>.
 */
export interface ChatClientToServerEvents {
  message: (
    payload: ChatMessageDto,
    ack: (answer: ChatMessageAck | WsFailure) => void,
  ) => void;
  'project:join': (payload: ChatProjectRoomDto, ack: (answer: ChatProjectRoomAck | WsFailure) => void) => void;
  'project:leave': (payload: ChatProjectRoomDto, ack: (answer: ChatProjectRoomAck | WsFailure) => void) => void;
  'project:message': (payload: ChatProjectRoomMessageDto, ack: (answer: ChatProjectRoomAck | WsFailure) => void) => void;
  'lobby:join': (payload: ChatLobbyRoomDto, ack: (answer: ChatLobbyRoomAck | WsFailure) => void) => void;
  'lobby:leave': (payload: ChatLobbyRoomDto, ack: (answer: ChatLobbyRoomAck | WsFailure) => void) => void;
  'lobby:message': (payload: ChatLobbyRoomMessageDto, ack: (answer: ChatLobbyRoomAck | WsFailure) => void) => void;
  'lobby:members': (payload: ChatLobbyRoomDto, ack: (answer: ChatLobbyRoomAck | WsFailure) => void) => void;
}

/** Events the server sends to clients of /chat. */
export interface ChatServerToClientEvents {
  /** A request sent without an ack failed (one with an ack gets `{ ok: false, error }`). */
  exception: (error: WsExceptionEvent) => void;
  'project:message': (payload: ChatProjectRoomMessage) => void;
  'lobby:joined': (payload: ChatLobbyJoined) => void;
  'lobby:message': (payload: ChatLobbyRoomMessage) => void;
}

/** What a handler's client carries in `data`. */
export interface ChatSocketData {
  /** Who connected, set once the handshake token is verified (websockets/ws-auth.ts). */
  user?: WsIdentity;
}

/** The client a handler gets: what it may emit and receive, and its typed `data`. */
export type ChatGatewaySocket = Socket<
  ChatClientToServerEvents,
  ChatServerToClientEvents,
  Record<string, never>,
  ChatSocketData
>;
