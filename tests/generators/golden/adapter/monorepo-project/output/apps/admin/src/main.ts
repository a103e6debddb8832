import { NestFactory } from '@nestjs/core';
import { AdminModule } from './admin.module';
import { RedisIoAdapter } from './websockets/redis-io.adapter';

async function bootstrap() {
  const app = await NestFactory.create(AdminModule);
  app.enableShutdownHooks();
  const redisIoAdapter = new RedisIoAdapter(app);
  await redisIoAdapter.connectToRedis();
  app.useWebSocketAdapter(redisIoAdapter);
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
