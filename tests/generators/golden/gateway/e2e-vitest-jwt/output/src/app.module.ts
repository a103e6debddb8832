import { Module } from '@nestjs/common';
import { AppController } from './app.controller.js';
import { ChatGateway } from './chat/chat.gateway.js';
import { WsAuthVerifier } from './websockets/ws-auth.js';
import { NewsGateway } from './news/news.gateway.js';

@Module({
  imports: [],
  controllers: [AppController],
  providers: [ChatGateway, WsAuthVerifier, NewsGateway],
})
export class AppModule {}
