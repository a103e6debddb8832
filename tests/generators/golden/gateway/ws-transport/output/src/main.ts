import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { SecureWsAdapter } from './websockets/secure-ws.adapter';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  app.useWebSocketAdapter(new SecureWsAdapter(app));
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
