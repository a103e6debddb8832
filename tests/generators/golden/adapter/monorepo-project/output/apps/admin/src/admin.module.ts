import { Module } from '@nestjs/common';
import { AppController } from './app.controller';
import { WebsocketsModule } from './websockets/websockets.module';

@Module({
  imports: [WebsocketsModule],
  controllers: [AppController],
  providers: [],
})
export class AdminModule {}
