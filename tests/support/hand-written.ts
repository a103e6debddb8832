/**
 * A gateway written by hand the way many are, with the traps `doctor` must find: CORS open to every
 * origin with credentials, an async connection hook that throws and reads its token from the query
 * string, and a positional handler answering `{ event, data }`.
 */
export const AUCTION_GATEWAY = `import { OnGatewayConnection, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Socket } from 'socket.io';

@WebSocketGateway({
  namespace: '/auction',
  cors: { origin: '*', credentials: true },
})
export class AuctionGateway implements OnGatewayConnection {
  async handleConnection(client: Socket) {
    const token = client.handshake.query.token;
    if (!token) throw new Error('missing token');
  }

  @SubscribeMessage('bid')
  handleBid(client: Socket, payload: { amount: number }) {
    return { event: 'bid:accepted', data: { by: client.id, amount: payload.amount } };
  }
}
`;

export const AUCTION_FILE = 'src/auction/auction.gateway.ts';

const lineOf = (text: string): number => AUCTION_GATEWAY.split('\n').findIndex((line) => line.includes(text)) + 1;

/**
 * What doctor reports for it beside a ws-scaffold gateway (`rule file:line`, sorted): the four
 * traps of the issue at their lines, and what follows from them (the cors option on a second
 * gateway of the server, the default filter echoing payloads).
 */
export const AUCTION_FINDINGS = [
  `cors-wildcard-credentials ${AUCTION_FILE}:${lineOf("cors: { origin: '*'")}`,
  `shared-server-options-ignored ${AUCTION_FILE}:${lineOf("cors: { origin: '*'")}`,
  `connection-hook-can-throw ${AUCTION_FILE}:${lineOf('throw new Error')}`,
  `token-in-query ${AUCTION_FILE}:${lineOf('handshake.query.token')}`,
  `positional-handler-params ${AUCTION_FILE}:${lineOf('handleBid(client: Socket, payload')}`,
  `ws-response-skips-ack ${AUCTION_FILE}:${lineOf("return { event: 'bid:accepted'")}`,
  `exception-cause-echoes-payload ${AUCTION_FILE}:${lineOf('@WebSocketGateway(')}`,
].sort();

/** Registers the gateway in a module file's text that lists `ChatGateway` in its providers. */
export function withAuctionProvider(moduleText: string, importSuffix = ''): string {
  const registered = moduleText.replace(/providers: \[([^\]]*)\]/, (_, list: string) => `providers: [${list}, AuctionGateway]`);
  return `import { AuctionGateway } from './auction/auction.gateway${importSuffix}';\n${registered}`;
}
