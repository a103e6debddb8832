import { Logger, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
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
import { allowAnonymous } from '../../websockets/secure-io.adapter';
import { WsExceptionsFilter } from '../../websockets/ws-exceptions.filter';
import { WsThrottlerGuard } from '../../websockets/ws-throttler.guard';
import { wsValidationPipe } from '../../websockets/ws-validation.pipe';
import {
  AuditMessageDto,
  type AuditClientToServerEvents,
  type AuditGatewaySocket,
  type AuditMessageAck,
  type AuditServerToClientEvents,
} from './audit.events';

/** Clients connect with io('<base url>/audit'). */
export const AUDIT_NAMESPACE = '/audit';

// Server options (CORS, Origin check, payload limit) live in SecureIoAdapter: with one server
// for all gateways, options given here would only count for the first gateway.
@WebSocketGateway({ namespace: AUDIT_NAMESPACE })
@UseFilters(WsExceptionsFilter)
@UsePipes(wsValidationPipe())
@UseGuards(WsThrottlerGuard)
export class AuditGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect
{
  private readonly logger = new Logger(AuditGateway.name);

  /** Set by Nest during app.init(); still null inside the constructor. */
  @WebSocketServer()
  server!: Namespace<
    AuditClientToServerEvents,
    AuditServerToClientEvents
  >;

  afterInit(server: Namespace): void {
    // Clients connect without a token: SecureIoAdapter authenticates every other namespace.
    allowAnonymous(server);
    this.logger.log(`serving namespace ${AUDIT_NAMESPACE}`);
  }

  handleConnection(client: AuditGatewaySocket): void {
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

  handleDisconnect(client: AuditGatewaySocket): void {
    this.logger.debug(`client ${client.id} disconnected`);
  }

  /** Answers through the ack: a returned `{ event, data }` would skip it. */
  @SubscribeMessage('message')
  handleMessage(
    @MessageBody() message: AuditMessageDto,
    @ConnectedSocket() client: AuditGatewaySocket,
  ): AuditMessageAck {
    return {
      ok: true,
      from: client.id,
      text: message.text,
      receivedAt: new Date().toISOString(),
    };
  }
}
