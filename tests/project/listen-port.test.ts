import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, listenPort } from '../../src/nest/listen-port';

const main = (listen: string) => `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  ${listen}
}
bootstrap();
`;

describe('listenPort: the port the next steps print', () => {
  const cases: [string, number][] = [
    ['await app.listen(4000);', 4000],
    ["await app.listen('4001');", 4001],
    ['await app.listen(`4002`, "0.0.0.0");', 4002],
    ['await app.listen(process.env.PORT ?? 4003);', 4003],
    ['await app.listen(process.env.PORT || 4004);', 4004],
    ["await app.listen(process.env['PORT'] ?? '4005');", 4005],
    ['await app.listen(process.env.port ?? 3000);', 3000],
    ['await app.listen((process.env.PORT ?? 4006), "127.0.0.1");', 4006],
    ['await app.listen(port);', DEFAULT_PORT],
    ["await app.listen(config.get('PORT'));", DEFAULT_PORT],
    ['await app.listen(Number(process.env.PORT) || 4007);', DEFAULT_PORT],
    ['await app.listen(process.env.PORT ?? fallback);', DEFAULT_PORT],
    ['await app.listen(70000);', DEFAULT_PORT],
    ['await app.listen();', DEFAULT_PORT],
    ['await app.init();', DEFAULT_PORT],
    ['await app.listen(4008);\n  await other.listen(4009);', DEFAULT_PORT],
    ['await app.listen(4010);\n  await app.listen(4010);', 4010],
  ];
  for (const [listen, port] of cases) {
    it(`${listen.replace(/\n\s*/g, ' ')} → ${port}`, () => {
      expect(listenPort('src/main.ts', main(listen))).toBe(port);
    });
  }

  it('no main.ts: the default', () => {
    expect(listenPort('src/main.ts', undefined)).toBe(DEFAULT_PORT);
  });
});
