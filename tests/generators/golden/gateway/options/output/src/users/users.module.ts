import { Module } from '@nestjs/common';
import { AuditGateway } from './admin/audit.gateway';
import { ThrottlerModule } from '@nestjs/throttler';

@Module({ providers: [AuditGateway], imports: [ThrottlerModule.forRoot([{ name: 'ws-messages', ttl: 1000, limit: 20 }])] })
export class UsersModule {}
