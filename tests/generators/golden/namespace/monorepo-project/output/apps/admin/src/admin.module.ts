import { Module } from '@nestjs/common';
import { AppController } from './app.controller';
import { AdminGateway } from './admin/admin.gateway';
import { WsAuthVerifier } from './websockets/ws-auth';

@Module({
  imports: [],
  controllers: [AppController],
  providers: [AdminGateway, WsAuthVerifier],
})
export class AdminModule {}
