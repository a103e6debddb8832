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
import { socketAuthMiddleware, WsAuthVerifier } from '../websockets/ws-auth.js';
import { WsExceptionsFilter } from '../websockets/ws-exceptions.filter.js';
import { wsValidationPipe } from '../websockets/ws-validation.pipe.js';
import {
  ChatMessageDto,
  type ChatClientToServerEvents,
  type ChatGatewaySocket,
  type ChatMessageAck,
  type ChatServerToClientEvents,
  projectRoom,
  ChatProjectRoomDto,
  type ChatProjectRoomAck,
  ChatProjectRoomMessageDto,
  lobbyRoom,
  ChatLobbyRoomDto,
  type ChatLobbyRoomAck,
  ChatLobbyRoomMessageDto,
} from './chat.events.js';

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

  /** 'project:join': joins project:{id} once canJoin() allows it. */
  @SubscribeMessage('project:join')
  async handleProjectJoin(
    @MessageBody() payload: ChatProjectRoomDto,
    @ConnectedSocket() client: ChatGatewaySocket,
  ): Promise<ChatProjectRoomAck> {
    const room = projectRoom(payload.id);
    const { user } = client.data;
    // Authorised on the server before every join: the client chooses the id.
    if (!(await this.canJoin(user, room))) {
      return { ok: false, room, reason: 'forbidden' };
    }
    await client.join(room);
    return { ok: true, room };
  }

  /** 'project:leave': leaves project:{id} (rooms are left on disconnect anyway). */
  @SubscribeMessage('project:leave')
  async handleProjectLeave(
    @MessageBody() payload: ChatProjectRoomDto,
    @ConnectedSocket() client: ChatGatewaySocket,
  ): Promise<ChatProjectRoomAck> {
    const room = projectRoom(payload.id);
    await client.leave(room);
    return { ok: true, room };
  }

  /** 'project:message': to the other members of project:{id}, not back to the sender. */
  @SubscribeMessage('project:message')
  handleProjectMessage(
    @MessageBody() payload: ChatProjectRoomMessageDto,
    @ConnectedSocket() client: ChatGatewaySocket,
  ): ChatProjectRoomAck {
    const room = projectRoom(payload.id);
    if (!client.rooms.has(room)) {
      return { ok: false, room, reason: 'not a member' };
    }
    const { user } = client.data;
    client.to(room).emit('project:message', {
      room,
      from: user?.id ?? client.id,
      text: payload.text,
    });
    return { ok: true, room };
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

  /** 'lobby:join': joins lobby once canJoin() allows it. */
  @SubscribeMessage('lobby:join')
  async handleLobbyJoin(
    @MessageBody() payload: ChatLobbyRoomDto,
    @ConnectedSocket() client: ChatGatewaySocket,
  ): Promise<ChatLobbyRoomAck> {
    const room = lobbyRoom();
    const { user } = client.data;
    // Authorised on the server before every join: the client chooses the id.
    if (!(await this.canJoin(user, room))) {
      return { ok: false, room, reason: 'forbidden' };
    }
    await client.join(room);
    // To the other members only: the one who joined has the ack.
    client.to(room).emit('lobby:joined', {
      room,
      user: user?.id ?? client.id,
    });
    return { ok: true, room };
  }

  /** 'lobby:leave': leaves lobby (rooms are left on disconnect anyway). */
  @SubscribeMessage('lobby:leave')
  async handleLobbyLeave(
    @MessageBody() payload: ChatLobbyRoomDto,
    @ConnectedSocket() client: ChatGatewaySocket,
  ): Promise<ChatLobbyRoomAck> {
    const room = lobbyRoom();
    await client.leave(room);
    return { ok: true, room };
  }

  /** 'lobby:message': to the other members of lobby, not back to the sender. */
  @SubscribeMessage('lobby:message')
  handleLobbyMessage(
    @MessageBody() payload: ChatLobbyRoomMessageDto,
    @ConnectedSocket() client: ChatGatewaySocket,
  ): ChatLobbyRoomAck {
    const room = lobbyRoom();
    if (!client.rooms.has(room)) {
      return { ok: false, room, reason: 'not a member' };
    }
    const { user } = client.data;
    client.to(room).emit('lobby:message', {
      room,
      from: user?.id ?? client.id,
      text: payload.text,
    });
    return { ok: true, room };
  }

  /** 'lobby:members': how many sockets are in lobby, across every app instance. */
  @SubscribeMessage('lobby:members')
  async handleLobbyMembers(
    @MessageBody() payload: ChatLobbyRoomDto,
    @ConnectedSocket() client: ChatGatewaySocket,
  ): Promise<ChatLobbyRoomAck> {
    const room = lobbyRoom();
    if (!client.rooms.has(room)) {
      return { ok: false, room, reason: 'not a member' };
    }
    try {
      // Bounded: a cluster adapter asks every instance, and an outage must not hold the ack.
      const sockets = await this.server.in(room).timeout(2000).fetchSockets();
      return { ok: true, room, members: sockets.length };
    } catch {
      return { ok: false, room, reason: 'unavailable' };
    }
  }
}
