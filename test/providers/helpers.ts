import { expect } from 'chai';
import { createIsendproProvider, IsendproOptions, SmsProvider } from '../../service/src/providers';
import { FAKE_KEYID, FakeIsendpro } from '../fakes/isendpro';

/** An adapter pointed at the fake, with short timeouts and backoffs so failures stay fast. */
export function isendproFor(fake: FakeIsendpro, overrides: Partial<IsendproOptions> & { keyid?: string | null; batchSize?: number } = {}): SmsProvider {
  const { keyid = FAKE_KEYID, batchSize = 500, ...rest } = overrides;
  return createIsendproProvider({
    baseUrl: fake.url,
    settings: async () => ({ keyid, batchSize }),
    timeoutMs: 2000,
    retries: 2,
    backoffMs: 5,
    maxBackoffMs: 50,
    ...rest,
  });
}

/** Every request the fake received honoured the OpenAPI contract. */
export function expectContractKept(fake: FakeIsendpro): void {
  expect(fake.requests.flatMap((r) => r.problems.map((p) => `${r.method} ${r.path}: ${p}`))).to.deep.equal([]);
}

/** Distinct French mobiles ending in 5, so no sandbox failure trigger fires by accident. */
export function messages(count: number, start = 0): Array<{ to: string; text: string; tracker: string }> {
  return Array.from({ length: count }, (_, i) => ({
    to: `+336${String(start + i).padStart(7, '0')}5`,
    text: `Bonjour client ${start + i}`,
    tracker: `t${start + i}`,
  }));
}

/** Resolves to the error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string; params?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string; params?: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}

/** Polls `condition` until it holds (no fixed sleep: returns as soon as it is true). */
export async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
