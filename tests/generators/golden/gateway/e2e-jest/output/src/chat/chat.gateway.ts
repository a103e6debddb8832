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
import type { Namespace } from 'socket.io';
import { socketAuthMiddleware, WsAuthVerifier } from '../websockets/ws-auth';
import { WsExceptionsFilter } from '../websockets/ws-exceptions.filter';
import { wsValidationPipe } from '../websockets/ws-validation.pipe';
import {
  ChatMessageDto,
  type ChatClientToServerEvents,
  type ChatGatewaySocket,
  type ChatMessageAck,
  type ChatServerToClientEvents,
} from './chat.events';

/** Clients connect with io('<base url>/chat', { auth: { token } }). */
export const CHAT_NAMESPACE = '/chat';

// Server options (CORS, Origin check, payload limit) live in SecureIoAdapter: with one server
// for all gateways, options given here would only count for the first gateway.
@WebSocketGateway({ namespace: CHAT_NAMESPACE })
@UseFilters(WsExceptionsFilter)
@UsePipes(wsValidationPipe())
export class ChatGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect
{
  private readonly logger = new Logger(ChatGateway.name);

  /** Set by Nest during app.init(); still null inside the constructor. */
  @WebSocketServer()
  server!: Namespace<
    ChatClientToServerEvents,
    ChatServerToClientEvents
  >;

  constructor(private readonly auth: WsAuthVerifier) {}

  afterInit(server: Namespace): void {
    // Guards never run on the connection itself: the handshake is checked here.
    server.use(socketAuthMiddleware(this.auth));
    this.logger.log(`serving namespace ${CHAT_NAMESPACE}`);
  }

  handleConnection(client: ChatGatewaySocket): void {
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

  handleDisconnect(client: ChatGatewaySocket): void {
    this.logger.debug(`client ${client.id} disconnected`);
  }

  /** Answers through the ack: a returned `{ event, data }` would skip it. */
  @SubscribeMessage('message')
  handleMessage(
    @MessageBody() message: ChatMessageDto,
    @ConnectedSocket() client: ChatGatewaySocket,
  ): ChatMessageAck {
    return {
      ok: true,
      from: client.id,
      text: message.text,
      receivedAt: new Date().toISOString(),
    };
  }
}
