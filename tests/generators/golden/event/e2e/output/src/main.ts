import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { SecureIoAdapter } from './websockets/secure-io.adapter';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  app.useWebSocketAdapter(new SecureIoAdapter(app));
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
