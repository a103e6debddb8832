import { Test } from '@nestjs/testing';
import { WsException } from '@nestjs/websockets';
import { WsAuthVerifier } from '../websockets/ws-auth';
import { wsValidationPipe } from '../websockets/ws-validation.pipe';
import { TenantGateway } from './tenant.gateway';
import { TenantTypingDto, type TenantGatewaySocket } from './tenant.events';

/** What the gateway's pipe says of a payload it refuses. */
async function refusal(payload: unknown): Promise<string[]> {
  const error: unknown = await wsValidationPipe()
    .transform(payload, { type: 'body', metatype: TenantTypingDto })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WsException);
  return ((error as WsException).getError() as { errors: string[] }).errors;
}

describe("TenantGateway: 'typing'", () => {
  let gateway: TenantGateway;
  const plain = { draft: true };
  const payload = Object.assign(new TenantTypingDto(), plain);

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [TenantGateway, WsAuthVerifier],
    }).compile();
    gateway = moduleRef.get(TenantGateway);
  });

  it('sends the payload on to the other clients, not back to the sender', () => {
    const emit = jest.fn();
    const except = jest.fn(() => ({ emit }));
    const client = { id: 'socket-1', data: {}, nsp: { except } } as unknown as TenantGatewaySocket;
    gateway.handleTyping(payload, client);
    expect(except).toHaveBeenCalledWith('socket-1');
    expect(emit).toHaveBeenCalledWith('typing', { ...plain, from: 'socket-1' });
  });

  it('refuses a field it does not know, and a payload that is no object', async () => {
    expect(await refusal({ ...plain, unknown: true })).toContain('property unknown should not exist');
    expect(await refusal(42)).toEqual(['the payload must be an object']);
  });

  it('refuses a payload without draft', async () => {
    const errors = await refusal({});
    expect(errors.join('\n')).toContain('draft');
  });
});
