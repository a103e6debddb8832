import { Module } from '@nestjs/common';
import { ChatModule } from './chat/chat.module';
import { WebsocketsModule } from './websockets/websockets.module';

@Module({
  imports: [ChatModule, WebsocketsModule],
})
export class AppModule {}
