import { Module } from '@nestjs/common';
import { AppController } from './app.controller';
import { ChatGateway } from './chat/chat.gateway';
import { WebsocketsModule } from './websockets/websockets.module';

@Module({
  imports: [WebsocketsModule],
  controllers: [AppController],
  providers: [ChatGateway],
})
export class AppModule {}
