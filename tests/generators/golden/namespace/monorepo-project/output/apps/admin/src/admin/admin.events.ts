import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Socket } from 'socket.io';
import type { WsIdentity } from '../websockets/ws-auth';
import type {
  WsExceptionEvent,
  WsFailure,
} from '../websockets/ws-exceptions.filter';

/** Payload of the 'message' event; validated, and unknown fields are refused. */
export class AdminMessageDto {
  // Trimmed before it is validated: '   ' is empty.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text!: string;
}

/** What the 'message' handler answers through the socket.io acknowledgement. */
export interface AdminMessageAck {
  ok: true;
  from: string;
  text: string;
  receivedAt: string;
}

/**
 * Events clients send to /admin, with their payload and ack. Front-end code can type its
 * socket with these maps: io(url) as Socket<AdminServerToClientEvents, AdminClientToServerEvents>.
 */
export interface AdminClientToServerEvents {
  message: (
    payload: AdminMessageDto,
    ack: (answer: AdminMessageAck | WsFailure) => void,
  ) => void;
}

/** Events the server sends to clients of /admin. */
export interface AdminServerToClientEvents {
  /** A request sent without an ack failed (one with an ack gets `{ ok: false, error }`). */
  exception: (error: WsExceptionEvent) => void;
}

/** What a handler's client carries in `data`. */
export interface AdminSocketData {
  /** Who connected, set once the handshake token is verified (websockets/ws-auth.ts). */
  user?: WsIdentity;
}

/** The client a handler gets: what it may emit and receive, and its typed `data`. */
export type AdminGatewaySocket = Socket<
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  Record<string, never>,
  AdminSocketData
>;
