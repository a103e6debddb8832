import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { PostgresIoAdapter } from './websockets/postgres-io.adapter';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  const postgresIoAdapter = new PostgresIoAdapter(app);
  await postgresIoAdapter.connectToPostgres();
  app.useWebSocketAdapter(postgresIoAdapter);
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
