import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
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

/**
 * Events clients send to /chat, with their payload and ack. Front-end code can type its
 * socket with these maps: io(url) as Socket<ChatServerToClientEvents, ChatClientToServerEvents>.
 */
export interface ChatClientToServerEvents {
  message: (
    payload: ChatMessageDto,
    ack: (answer: ChatMessageAck | WsFailure) => void,
  ) => void;
}

/** Events the server sends to clients of /chat. */
export interface ChatServerToClientEvents {
  /** A request sent without an ack failed (one with an ack gets `{ ok: false, error }`). */
  exception: (error: WsExceptionEvent) => void;
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
