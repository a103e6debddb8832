import { Module } from '@nestjs/common';
import { AppController } from './app.controller';
import { TenantGateway } from './tenant/tenant.gateway';
import { WsAuthVerifier } from './websockets/ws-auth';

@Module({
  imports: [],
  controllers: [AppController],
  providers: [TenantGateway, WsAuthVerifier],
})
export class AppModule {}
