import { Module } from '@nestjs/common';
import { AppController } from './app.controller.js';
import { ChatGateway } from './chat/chat.gateway.js';
import { WebsocketsModule } from './websockets/websockets.module.js';

@Module({
  imports: [WebsocketsModule],
  controllers: [AppController],
  providers: [ChatGateway],
})
export class AppModule {}
