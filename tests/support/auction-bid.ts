/**
 * A hand-written gateway on /auction with a validated `bid` DTO, for the asyncapi contract tests:
 * the DTO in a file of its own, registered in the app module beside ws-scaffold's gateways.
 */
export const BID_DTO_FILE = 'src/auction/bid.dto.ts';
export const BID_GATEWAY_FILE = 'src/auction/auction.gateway.ts';

export const BID_DTO = `import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

export class BidDto {
  @IsString()
  @MaxLength(40)
  lot!: string;

  @IsInt()
  @Min(1)
  amount!: number;

  @IsOptional()
  @IsString()
  note?: string;
}
`;

export const bidGateway = (importSuffix: string) => `import { UsePipes, ValidationPipe } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { BidDto } from './bid.dto${importSuffix}';

@WebSocketGateway({ namespace: '/auction' })
@UsePipes(new ValidationPipe({ whitelist: true }))
export class AuctionGateway {
  @WebSocketServer()
  server!: Server;

  @SubscribeMessage('bid')
  handleBid(@MessageBody() bid: BidDto, @ConnectedSocket() client: Socket): { accepted: boolean; lot: string } {
    this.server.emit('bid:placed', { lot: bid.lot, amount: bid.amount });
    void client;
    return { accepted: true, lot: bid.lot };
  }
}
`;

/** The DTO with one more required field: a breaking change for clients that send bids. */
export const withRequiredCurrency = (dto: string): string => dto.replace('  @IsOptional()', "  @IsString()\n  currency!: string;\n\n  @IsOptional()");

/** Registers the gateway in a module file's text that has a providers list. */
export function withAuctionGatewayProvider(moduleText: string, importSuffix = ''): string {
  // A list prettier spread over lines ends in a comma.
  const registered = moduleText.replace(/providers: \[([^\]]*)\]/, (_, list: string) => {
    const entries = list.trim().replace(/,$/, '');
    return `providers: [${entries ? `${entries}, ` : ''}AuctionGateway]`;
  });
  return `import { AuctionGateway } from './auction/auction.gateway${importSuffix}';\n${registered}`;
}
