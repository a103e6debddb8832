import { Transform } from 'class-transformer';
import {
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';

/** Room names: letters, digits and `_ : . -`, e.g. `project:42`. */
export const FEED_ROOM_PATTERN = /^[\w:.-]{1,100}$/;

/** Payload of the 'message' frame: sent to the other members of `room` when given. */
export class FeedMessageDto {
  // Trimmed before it is validated: '   ' is empty.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text!: string;

  @IsOptional()
  @IsString()
  @Matches(FEED_ROOM_PATTERN)
  room?: string;
}

/** Payload of the 'join' and 'leave' frames. */
export class FeedRoomDto {
  @IsString()
  @Matches(FEED_ROOM_PATTERN)
  room!: string;
}

/** The answer to 'message', sent back as the frame 'message:ack'. */
export interface FeedMessageAck {
  ok: true;
  from: string;
  text: string;
  room?: string;
  /** How many other room members got it. */
  delivered: number;
  receivedAt: string;
}

/** The answer to 'join' and 'leave'. */
export interface FeedRoomAck {
  room: string;
  members: number;
}

/** What the other members of a room receive as the frame 'room:message'. */
export interface FeedRoomMessage {
  room: string;
  from: string;
  text: string;
  sentAt: string;
}

/**
 * Frames clients send to /feed as JSON `{ "event": ..., "data": ... }`, with what the
 * server answers (the ws transport has no acks: each answer is a frame `<event>:ack`).
 */
export interface FeedClientToServerEvents {
  message: (payload: FeedMessageDto) => FeedMessageAck;
  join: (payload: FeedRoomDto) => FeedRoomAck;
  leave: (payload: FeedRoomDto) => FeedRoomAck;
}

/** Frames the server sends to clients of /feed. */
export interface FeedServerToClientEvents {
  'message:ack': (payload: FeedMessageAck) => void;
  'join:ack': (payload: FeedRoomAck) => void;
  'leave:ack': (payload: FeedRoomAck) => void;
  'room:message': (payload: FeedRoomMessage) => void;
  exception: (payload: { status: 'error'; message: unknown }) => void;
}
