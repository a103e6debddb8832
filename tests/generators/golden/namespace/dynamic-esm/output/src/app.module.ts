import { Module } from '@nestjs/common';
import { AppController } from './app.controller.js';
import { TenantGateway } from './tenant/tenant.gateway.js';
import { WsAuthVerifier } from './websockets/ws-auth.js';

@Module({
  imports: [],
  controllers: [AppController],
  providers: [TenantGateway, WsAuthVerifier],
})
export class AppModule {}
