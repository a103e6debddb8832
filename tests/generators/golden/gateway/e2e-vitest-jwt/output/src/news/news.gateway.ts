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
} from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { allowAnonymous } from '../websockets/secure-io.adapter.js';
import { WsExceptionsFilter } from '../websockets/ws-exceptions.filter.js';
import { wsValidationPipe } from '../websockets/ws-validation.pipe.js';
import {
  NewsMessageDto,
  type NewsClientToServerEvents,
  type NewsGatewaySocket,
  type NewsMessageAck,
  type NewsServerToClientEvents,
} from './news.events.js';

/** Clients connect with io('<base url>'). */
export const NEWS_NAMESPACE = '/';

// Server options (CORS, Origin check, payload limit) live in SecureIoAdapter: with one server
// for all gateways, options given here would only count for the first gateway.
@WebSocketGateway({ namespace: NEWS_NAMESPACE })
@UseFilters(WsExceptionsFilter)
@UsePipes(wsValidationPipe())
export class NewsGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect
{
  private readonly logger = new Logger(NewsGateway.name);

  /** Set by Nest during app.init(); still null inside the constructor. */
  @WebSocketServer()
  server!: Server<
    NewsClientToServerEvents,
    NewsServerToClientEvents
  >;

  afterInit(server: Server): void {
    // Clients connect without a token: SecureIoAdapter authenticates every other namespace.
    allowAnonymous(server);
    this.logger.log(`serving namespace ${NEWS_NAMESPACE}`);
  }

  handleConnection(client: NewsGatewaySocket): void {
    try {
      // Per-connection setup goes here. An error thrown from this hook would
      // crash the whole process, so a failure disconnects this client instead.
      this.logger.debug(`client ${client.id} connected`);
    } catch (error) {
      this.logger.error(
        `connection setup failed for client ${client.id}`,
        error instanceof Error ? error.stack : String(error),
      );
      client.disconnect(true);
    }
  }

  handleDisconnect(client: NewsGatewaySocket): void {
    this.logger.debug(`client ${client.id} disconnected`);
  }

  /** Answers through the ack: a returned `{ event, data }` would skip it. */
  @SubscribeMessage('message')
  handleMessage(
    @MessageBody() message: NewsMessageDto,
    @ConnectedSocket() client: NewsGatewaySocket,
  ): NewsMessageAck {
    return {
      ok: true,
      from: client.id,
      text: message.text,
      receivedAt: new Date().toISOString(),
    };
  }
}
