import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength, IsOptional, IsBoolean } from 'class-validator';
import type { Socket } from 'socket.io';
import type { WsIdentity } from '../websockets/ws-auth';
import type {
  WsExceptionEvent,
  WsFailure,
} from '../websockets/ws-exceptions.filter';

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

/** Payload of the 'chat:send' event; validated, and unknown fields are refused. */
export class ChatSendDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsNotEmpty()
  @IsString()
  @MaxLength(2000)
  text!: string;

  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  roomId?: string;
}

/** What the 'chat:send' handler answers through the socket.io acknowledgement. */
export interface ChatSendAck {
  ok: true;
  from: string;
  receivedAt: string;
}

/** Payload of the 'typing' event; validated, and unknown fields are refused. */
export class ChatTypingDto {
  @IsBoolean()
  draft!: boolean;
}

/** What the other clients receive as 'typing'. */
export interface ChatTypingBroadcast {
  from: string;
  draft: boolean;
}

/** Payload of the 'ping' event; validated, and unknown fields are refused. */
export class ChatPingDto {}

/** What the 'ping' handler answers through the socket.io acknowledgement. */
export interface ChatPingAck {
  ok: true;
  from: string;
  receivedAt: string;
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
  'chat:send': (payload: ChatSendDto, ack: (answer: ChatSendAck | WsFailure) => void) => void;
  typing: (payload: ChatTypingDto) => void;
  ping: (payload: ChatPingDto, ack: (answer: ChatPingAck | WsFailure) => void) => void;
}

/** Events the server sends to clients of /chat. */
export interface ChatServerToClientEvents {
  /** A request sent without an ack failed (one with an ack gets `{ ok: false, error }`). */
  exception: (error: WsExceptionEvent) => void;
  typing: (payload: ChatTypingBroadcast) => void;
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
