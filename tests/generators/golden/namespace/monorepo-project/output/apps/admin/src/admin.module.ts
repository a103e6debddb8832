import { Module } from '@nestjs/common';
import { AppController } from './app.controller';
import { AdminGateway } from './admin/admin.gateway';
import { WebsocketsModule } from './websockets/websockets.module';

@Module({
  imports: [WebsocketsModule],
  controllers: [AppController],
  providers: [AdminGateway],
})
export class AdminModule {}
