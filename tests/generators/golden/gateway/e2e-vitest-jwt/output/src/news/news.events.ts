import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Socket } from 'socket.io';
import type {
  WsExceptionEvent,
  WsFailure,
} from '../websockets/ws-exceptions.filter.js';

/** Payload of the 'message' event; validated, and unknown fields are refused. */
export class NewsMessageDto {
  // Trimmed before it is validated: '   ' is empty.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text!: string;
}

/** What the 'message' handler answers through the socket.io acknowledgement. */
export interface NewsMessageAck {
  ok: true;
  from: string;
  text: string;
  receivedAt: string;
}

/**
 * Events clients send to /, with their payload and ack. Front-end code can type its
 * socket with these maps: io(url) as Socket<NewsServerToClientEvents, NewsClientToServerEvents>.
 */
export interface NewsClientToServerEvents {
  message: (
    payload: NewsMessageDto,
    ack: (answer: NewsMessageAck | WsFailure) => void,
  ) => void;
}

/** Events the server sends to clients of /. */
export interface NewsServerToClientEvents {
  /** A request sent without an ack failed (one with an ack gets `{ ok: false, error }`). */
  exception: (error: WsExceptionEvent) => void;
}

/** What a handler's client carries in `data`. */
export interface NewsSocketData {
  /** Who connected, where a handshake middleware of your own sets it (this gateway has no auth). */
  user?: { id: string };
}

/** The client a handler gets: what it may emit and receive, and its typed `data`. */
export type NewsGatewaySocket = Socket<
  NewsClientToServerEvents,
  NewsServerToClientEvents,
  Record<string, never>,
  NewsSocketData
>;
