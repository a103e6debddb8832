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
  TenantMessageDto,
  type TenantClientToServerEvents,
  type TenantGatewaySocket,
  type TenantMessageAck,
  type TenantServerToClientEvents,
  TenantAnnounceDto,
  boardRoom,
  TenantBoardRoomDto,
  type TenantBoardRoomAck,
  TenantBoardRoomMessageDto,
} from './tenant.events';

/**
 * A dynamic namespace: every namespace whose name matches, e.g. io('<base url>/tenant-a',
 * { auth: { token } }), is a child served by this gateway. SecureIoAdapter sets
 * cleanupEmptyChildNamespaces, so a child is dropped when its last client leaves.
 */
export const TENANT_NAMESPACE = /^\/tenant-[a-z0-9]+$/;

/**
 * The parent of all children (socket.io's ParentNamespace; the package does not export that
 * type). Its emit() and fetchSockets() only reach children on this app instance: emit through
 * the client's own namespace, `client.nsp`, instead.
 */
type ParentNamespace = Namespace<
  TenantClientToServerEvents,
  TenantServerToClientEvents
>;

// Server options (CORS, Origin check, payload limit) live in SecureIoAdapter: with one server
// for all gateways, options given here would only count for the first gateway.
@WebSocketGateway({ namespace: TENANT_NAMESPACE })
@UseFilters(WsExceptionsFilter)
@UsePipes(wsValidationPipe())
export class TenantGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect
{
  private readonly logger = new Logger(TenantGateway.name);

  /** Set by Nest during app.init(); still null inside the constructor. */
  @WebSocketServer()
  server!: ParentNamespace;

  constructor(private readonly auth: WsAuthVerifier) {}

  afterInit(server: Namespace): void {
    // Middleware on the parent is copied into each child when it is created.
    server.use(socketAuthMiddleware(this.auth));
    this.logger.log(`serving namespaces matching ${String(TENANT_NAMESPACE)}`);
  }

  handleConnection(client: TenantGatewaySocket): void {
    try {
      // Per-connection setup goes here (client.nsp.name is the child, e.g. /tenant-a).
      // An error thrown from this hook would crash the whole process, so a failure
      // disconnects this client instead.
      this.logger.debug(`client ${client.id} connected to ${client.nsp.name}`);
    } catch (error) {
      this.logger.error(
        `connection setup failed for client ${client.id}`,
        error instanceof Error ? error.stack : String(error),
      );
      client.disconnect(true);
    }
  }

  handleDisconnect(client: TenantGatewaySocket): void {
    this.logger.debug(`client ${client.id} disconnected`);
  }

  /** Answers through the ack: a returned `{ event, data }` would skip it. */
  @SubscribeMessage('message')
  handleMessage(
    @MessageBody() message: TenantMessageDto,
    @ConnectedSocket() client: TenantGatewaySocket,
  ): TenantMessageAck {
    return {
      ok: true,
      from: client.id,
      text: message.text,
      receivedAt: new Date().toISOString(),
    };
  }

  /** 'announce': sent on to every other client of the namespace, not back to the sender. */
  @SubscribeMessage('announce')
  handleAnnounce(
    @MessageBody() payload: TenantAnnounceDto,
    @ConnectedSocket() client: TenantGatewaySocket,
  ): void {
    client.nsp.except(client.id).emit('announce', { text: payload.text, from: client.id });
  }

  /** 'board:join': joins board:{id} once canJoin() allows it. */
  @SubscribeMessage('board:join')
  async handleBoardJoin(
    @MessageBody() payload: TenantBoardRoomDto,
    @ConnectedSocket() client: TenantGatewaySocket,
  ): Promise<TenantBoardRoomAck> {
    const room = boardRoom(payload.id);
    const { user } = client.data;
    // Authorised on the server before every join: the client chooses the id.
    if (!(await this.canJoin(user, room))) {
      return { ok: false, room, reason: 'forbidden' };
    }
    await client.join(room);
    // To the other members only: the one who joined has the ack.
    client.to(room).emit('board:joined', {
      room,
      user: user?.id ?? client.id,
    });
    return { ok: true, room };
  }

  /** 'board:leave': leaves board:{id} (rooms are left on disconnect anyway). */
  @SubscribeMessage('board:leave')
  async handleBoardLeave(
    @MessageBody() payload: TenantBoardRoomDto,
    @ConnectedSocket() client: TenantGatewaySocket,
  ): Promise<TenantBoardRoomAck> {
    const room = boardRoom(payload.id);
    await client.leave(room);
    return { ok: true, room };
  }

  /** 'board:message': to the other members of board:{id}, not back to the sender. */
  @SubscribeMessage('board:message')
  handleBoardMessage(
    @MessageBody() payload: TenantBoardRoomMessageDto,
    @ConnectedSocket() client: TenantGatewaySocket,
  ): TenantBoardRoomAck {
    const room = boardRoom(payload.id);
    if (!client.rooms.has(room)) {
      return { ok: false, room, reason: 'not a member' };
    }
    const { user } = client.data;
    client.to(room).emit('board:message', {
      room,
      from: user?.id ?? client.id,
      text: payload.text,
    });
    return { ok: true, room };
  }

  /** 'board:members': how many sockets are in board:{id}, across every app instance. */
  @SubscribeMessage('board:members')
  async handleBoardMembers(
    @MessageBody() payload: TenantBoardRoomDto,
    @ConnectedSocket() client: TenantGatewaySocket,
  ): Promise<TenantBoardRoomAck> {
    const room = boardRoom(payload.id);
    if (!client.rooms.has(room)) {
      return { ok: false, room, reason: 'not a member' };
    }
    try {
      // Bounded: a cluster adapter asks every instance, and an outage must not hold the ack.
      const sockets = await client.nsp.in(room).timeout(2000).fetchSockets();
      return { ok: true, room, members: sockets.length };
    } catch {
      return { ok: false, room, reason: 'unavailable' };
    }
  }

  /**
   * Whether this identity may join this room; called before every join. Put your rule here
   * (e.g. look up the user's projects). The default only requires an authenticated identity.
   */
  protected canJoin(
    user: { id?: unknown } | undefined,
    room: string,
  ): boolean | Promise<boolean> {
    return typeof user?.id === 'string' && room !== '';
  }
}
