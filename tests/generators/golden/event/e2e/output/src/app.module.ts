import { Module } from '@nestjs/common';
import { AppController } from './app.controller';
import { ChatGateway } from './chat/chat.gateway';
import { WsAuthVerifier } from './websockets/ws-auth';

@Module({
  imports: [],
  controllers: [AppController],
  providers: [ChatGateway, WsAuthVerifier],
})
export class AppModule {}
