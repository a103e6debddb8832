import { Module } from '@nestjs/common';
import { AppController } from './app.controller';
import { TenantGateway } from './tenant/tenant.gateway';
import { WebsocketsModule } from './websockets/websockets.module';

@Module({
  imports: [WebsocketsModule],
  controllers: [AppController],
  providers: [TenantGateway],
})
export class AppModule {}
