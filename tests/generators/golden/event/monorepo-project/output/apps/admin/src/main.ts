import { NestFactory } from '@nestjs/core';
import { AdminModule } from './admin.module';
import { SecureIoAdapter } from './websockets/secure-io.adapter';

async function bootstrap() {
  const app = await NestFactory.create(AdminModule);
  app.enableShutdownHooks();
  app.useWebSocketAdapter(new SecureIoAdapter(app));
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
