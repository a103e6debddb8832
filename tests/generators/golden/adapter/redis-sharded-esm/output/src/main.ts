import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { ShardedRedisIoAdapter } from './websockets/sharded-redis-io.adapter.js';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  const shardedRedisIoAdapter = new ShardedRedisIoAdapter(app);
  await shardedRedisIoAdapter.connectToRedis();
  app.useWebSocketAdapter(shardedRedisIoAdapter);
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
