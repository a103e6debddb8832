import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { RedisStreamsIoAdapter } from './websockets/redis-streams-io.adapter';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  const redisStreamsIoAdapter = new RedisStreamsIoAdapter(app);
  await redisStreamsIoAdapter.connectToRedis();
  app.useWebSocketAdapter(redisStreamsIoAdapter);
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
