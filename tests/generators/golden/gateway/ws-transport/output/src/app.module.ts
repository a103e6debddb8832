import { Module } from '@nestjs/common';
import { AppController } from './app.controller';
import { WebsocketsModule } from './websockets/websockets.module';
import { FeedGateway } from './feed/feed.gateway';

@Module({
  imports: [WebsocketsModule],
  controllers: [AppController],
  providers: [FeedGateway],
})
export class AppModule {}
