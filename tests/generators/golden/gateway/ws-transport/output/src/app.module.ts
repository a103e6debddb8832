import { Module } from '@nestjs/common';
import { AppController } from './app.controller';
import { FeedGateway } from './feed/feed.gateway';
import { WsRooms } from './websockets/ws-rooms';
import { WsAuthVerifier } from './websockets/ws-auth';

@Module({
  imports: [],
  controllers: [AppController],
  providers: [FeedGateway, WsRooms, WsAuthVerifier],
})
export class AppModule {}
