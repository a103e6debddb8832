import { Logger, UseFilters, UsePipes } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  WsException,
  type WsResponse,
} from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket, WebSocketServer as Server } from 'ws';
import { identityOf } from '../websockets/ws-auth';
import { WsExceptionsFilter } from '../websockets/ws-exceptions.filter';
import { WsRooms } from '../websockets/ws-rooms';
import { wsGateway } from '../websockets/secure-ws.adapter';
import { wsValidationPipe } from '../websockets/ws-validation.pipe';
import {
  FeedMessageDto,
  FeedRoomDto,
  type FeedMessageAck,
  type FeedRoomAck,
} from './feed.events';

/**
 * Clients connect with new WebSocket('ws://<host>/feed', ['bearer', token]) and send
 * JSON frames { "event": "message", "data": { "text": "hi" } }.
 */
export const FEED_PATH = '/feed';

// Origin allow-list, payload limit and the token check run in SecureWsAdapter, before the upgrade.
@WebSocketGateway(wsGateway({ path: FEED_PATH, authenticate: true }))
@UseFilters(WsExceptionsFilter)
@UsePipes(wsValidationPipe())
export class FeedGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect
{
  private readonly logger = new Logger(FeedGateway.name);

  /** Set by Nest during app.init(); still undefined inside the constructor. */
  @WebSocketServer()
  server!: Server;

  constructor(private readonly rooms: WsRooms) {}

  afterInit(): void {
    this.logger.log(`serving ws path ${FEED_PATH}`);
  }

  handleConnection(client: WebSocket, request: IncomingMessage): void {
    try {
      // Per-connection setup goes here. An error thrown from this hook would
      // crash the whole process, so a failure closes this client instead.
      this.logger.debug(
        `${senderOf(client)} connected from ${request.socket.remoteAddress}`,
      );
    } catch (error) {
      this.logger.error(
        'connection setup failed',
        error instanceof Error ? error.stack : String(error),
      );
      client.close(1011, 'connection setup failed');
    }
  }

  handleDisconnect(client: WebSocket): void {
    // WsRooms drops the socket from its rooms by itself.
    this.logger.debug(`${senderOf(client)} disconnected`);
  }

  /** Answers with the frame 'message:ack'; with `room`, the other members get 'room:message'. */
  @SubscribeMessage('message')
  handleMessage(
    @MessageBody() message: FeedMessageDto,
    @ConnectedSocket() client: WebSocket,
  ): WsResponse<FeedMessageAck> {
    const from = senderOf(client);
    const text = message.text.trim();
    let delivered = 0;
    if (message.room) {
      if (!this.rooms.has(message.room, client)) {
        throw new WsException(`join ${message.room} first`);
      }
      delivered = this.rooms.broadcast(
        message.room,
        'room:message',
        { room: message.room, from, text, sentAt: new Date().toISOString() },
        client,
      );
    }
    return {
      event: 'message:ack',
      data: {
        ok: true,
        from,
        text,
        ...(message.room ? { room: message.room } : {}),
        delivered,
        receivedAt: new Date().toISOString(),
      },
    };
  }

  @SubscribeMessage('join')
  handleJoin(
    @MessageBody() { room }: FeedRoomDto,
    @ConnectedSocket() client: WebSocket,
  ): WsResponse<FeedRoomAck> {
    if (!this.canJoin(room, client)) {
      throw new WsException(`not allowed in ${room}`);
    }
    this.rooms.join(room, client);
    return {
      event: 'join:ack',
      data: { room, members: this.rooms.size(room) },
    };
  }

  @SubscribeMessage('leave')
  handleLeave(
    @MessageBody() { room }: FeedRoomDto,
    @ConnectedSocket() client: WebSocket,
  ): WsResponse<FeedRoomAck> {
    this.rooms.leave(room, client);
    return {
      event: 'leave:ack',
      data: { room, members: this.rooms.size(room) },
    };
  }

  /** Who may join which room: decide it here (e.g. from identityOf(client)); everyone until then. */
  protected canJoin(room: string, client: WebSocket): boolean {
    return room.length > 0 && client.readyState === client.OPEN;
  }
}

/** The verified user id. */
function senderOf(client: WebSocket): string {
  return identityOf(client)?.id ?? 'anonymous';
}
