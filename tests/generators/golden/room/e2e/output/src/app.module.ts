import { Module } from '@nestjs/common';
import { AppController } from './app.controller.js';
import { ChatGateway } from './chat/chat.gateway.js';
import { WsAuthVerifier } from './websockets/ws-auth.js';

@Module({
  imports: [],
  controllers: [AppController],
  providers: [ChatGateway, WsAuthVerifier],
})
export class AppModule {}
