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
  AdminMessageDto,
  type AdminClientToServerEvents,
  type AdminGatewaySocket,
  type AdminMessageAck,
  type AdminServerToClientEvents,
} from './admin.events';

/** Clients connect with io('<base url>/admin', { auth: { token } }). */
export const ADMIN_NAMESPACE = '/admin';

// Server options (CORS, Origin check, payload limit) live in SecureIoAdapter: with one server
// for all gateways, options given here would only count for the first gateway.
@WebSocketGateway({ namespace: ADMIN_NAMESPACE })
@UseFilters(WsExceptionsFilter)
@UsePipes(wsValidationPipe())
export class AdminGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect
{
  private readonly logger = new Logger(AdminGateway.name);

  /** Set by Nest during app.init(); still null inside the constructor. */
  @WebSocketServer()
  server!: Namespace<
    AdminClientToServerEvents,
    AdminServerToClientEvents
  >;

  constructor(private readonly auth: WsAuthVerifier) {}

  afterInit(server: Namespace): void {
    // Guards never run on the connection itself: the handshake is checked here.
    server.use(socketAuthMiddleware(this.auth));
    this.logger.log(`serving namespace ${ADMIN_NAMESPACE}`);
  }

  handleConnection(client: AdminGatewaySocket): void {
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

  handleDisconnect(client: AdminGatewaySocket): void {
    this.logger.debug(`client ${client.id} disconnected`);
  }

  /** Answers through the ack: a returned `{ event, data }` would skip it. */
  @SubscribeMessage('message')
  handleMessage(
    @MessageBody() message: AdminMessageDto,
    @ConnectedSocket() client: AdminGatewaySocket,
  ): AdminMessageAck {
    return {
      ok: true,
      from: client.id,
      text: message.text,
      receivedAt: new Date().toISOString(),
    };
  }
}
