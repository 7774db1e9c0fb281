/**
 * The fake iSendPro, for provider, campaign and notification tests and for benches:
 *   const fake = await startFakeIsendpro({ blacklisted: ['+33600000011'] });
 *   ... createIsendproProvider({ baseUrl: fake.url, settings: async () => ({ keyid: FAKE_KEYID, batchSize: 500 }) })
 *   fake.requests            // what was sent, each with `problems` against the OpenAPI contract
 *   fake.setSwitches({ faults: [{ kind: 'drop', path: '/smsmulti', times: 1 }] })
 *   await fake.close();
 */
export { startFakeIsendpro, FAKE_KEYID, FAKE_TLS, defaultSwitches } from './server';
export type { FakeIsendpro, FakeRequest, FakeServerOptions } from './server';
export { BAD_KEYID_MESSAGE, IP_MESSAGE, FAKE_CODES, fakeKey } from './behaviour';
export type { FakeSwitches, Fault } from './behaviour';
export { validateRequest, loadSpec } from './validator';
