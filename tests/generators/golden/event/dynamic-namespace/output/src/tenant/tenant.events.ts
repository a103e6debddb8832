import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength, IsBoolean } from 'class-validator';
import type { Socket } from 'socket.io';
import type { WsIdentity } from '../websockets/ws-auth';
import type {
  WsExceptionEvent,
  WsFailure,
} from '../websockets/ws-exceptions.filter';

/** Payload of the 'message' event; validated, and unknown fields are refused. */
export class TenantMessageDto {
  // Trimmed before it is validated: '   ' is empty.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text!: string;
}

/** What the 'message' handler answers through the socket.io acknowledgement. */
export interface TenantMessageAck {
  ok: true;
  from: string;
  text: string;
  receivedAt: string;
}

/** Payload of the 'announce' event; validated, and unknown fields are refused. */
export class TenantAnnounceDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsNotEmpty()
  @IsString()
  @MaxLength(2000)
  text!: string;
}

/** What the other clients receive as 'announce'. */
export interface TenantAnnounceBroadcast {
  from: string;
  text: string;
}

/** Payload of the 'typing' event; validated, and unknown fields are refused. */
export class TenantTypingDto {
  @IsBoolean()
  draft!: boolean;
}

/** What the other clients receive as 'typing'. */
export interface TenantTypingBroadcast {
  from: string;
  draft: boolean;
}

/**
 * Events clients send to /^\/tenant-[a-z0-9]+$/ (e.g. /tenant-a), with their payload and ack. Front-end code can type its
 * socket with these maps: io(url) as Socket<TenantServerToClientEvents, TenantClientToServerEvents>.
 */
export interface TenantClientToServerEvents {
  message: (
    payload: TenantMessageDto,
    ack: (answer: TenantMessageAck | WsFailure) => void,
  ) => void;
  announce: (payload: TenantAnnounceDto) => void;
  typing: (payload: TenantTypingDto) => void;
}

/** Events the server sends to clients of /^\/tenant-[a-z0-9]+$/ (e.g. /tenant-a). */
export interface TenantServerToClientEvents {
  /** A request sent without an ack failed (one with an ack gets `{ ok: false, error }`). */
  exception: (error: WsExceptionEvent) => void;
  announce: (payload: TenantAnnounceBroadcast) => void;
  typing: (payload: TenantTypingBroadcast) => void;
}

/** What a handler's client carries in `data`. */
export interface TenantSocketData {
  /** Who connected, set once the handshake token is verified (websockets/ws-auth.ts). */
  user?: WsIdentity;
}

/** The client a handler gets: what it may emit and receive, and its typed `data`. */
export type TenantGatewaySocket = Socket<
  TenantClientToServerEvents,
  TenantServerToClientEvents,
  Record<string, never>,
  TenantSocketData
>;
