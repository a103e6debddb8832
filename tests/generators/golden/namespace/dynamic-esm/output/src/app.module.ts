import { Module } from '@nestjs/common';
import { AppController } from './app.controller.js';
import { TenantGateway } from './tenant/tenant.gateway.js';
import { WebsocketsModule } from './websockets/websockets.module.js';

@Module({
  imports: [WebsocketsModule],
  controllers: [AppController],
  providers: [TenantGateway],
})
export class AppModule {}
