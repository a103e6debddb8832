import { Module } from '@nestjs/common';
import { AuditGateway } from './admin/audit.gateway';

@Module({ providers: [AuditGateway] })
export class UsersModule {}
