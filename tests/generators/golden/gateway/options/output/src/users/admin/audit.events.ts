import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Socket } from 'socket.io';
import type {
  WsExceptionEvent,
  WsFailure,
} from '../../websockets/ws-exceptions.filter';

/** Payload of the 'message' event; validated, and unknown fields are refused. */
export class AuditMessageDto {
  // Trimmed before it is validated: '   ' is empty.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text!: string;
}

/** What the 'message' handler answers through the socket.io acknowledgement. */
export interface AuditMessageAck {
  ok: true;
  from: string;
  text: string;
  receivedAt: string;
}

/**
 * Events clients send to /audit, with their payload and ack. Front-end code can type its
 * socket with these maps: io(url) as Socket<AuditServerToClientEvents, AuditClientToServerEvents>.
 */
export interface AuditClientToServerEvents {
  message: (
    payload: AuditMessageDto,
    ack: (answer: AuditMessageAck | WsFailure) => void,
  ) => void;
}

/** Events the server sends to clients of /audit. */
export interface AuditServerToClientEvents {
  /** A request sent without an ack failed (one with an ack gets `{ ok: false, error }`). */
  exception: (error: WsExceptionEvent) => void;
}

/** What a handler's client carries in `data`. */
export interface AuditSocketData {
  /** Who connected, where a handshake middleware of your own sets it (this gateway has no auth). */
  user?: { id: string };
}

/** The client a handler gets: what it may emit and receive, and its typed `data`. */
export type AuditGatewaySocket = Socket<
  AuditClientToServerEvents,
  AuditServerToClientEvents,
  Record<string, never>,
  AuditSocketData
>;
