import { Module } from '@nestjs/common';
import { AppController } from './app.controller.js';
import { WebsocketsModule } from './websockets/websockets.module.js';

@Module({
  imports: [WebsocketsModule],
  controllers: [AppController],
  providers: [],
})
export class AppModule {}
