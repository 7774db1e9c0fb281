/**
 * The fake iSendPro in a process of its own, so a bench measures the memory of our code and not
 * the fake's record of every request. Prints its URL on the first line, then serves until killed.
 * Run by benches: npx tsx bench/fake-isendpro-process.ts
 */
import { startFakeIsendpro } from '../test/fakes/isendpro';

startFakeIsendpro({ credit: { amount: 1_000_000, quantite: 20_000_000 } }).then((fake) => {
  // Keep only the count: a 100k-recipient run would otherwise hold every request body.
  setInterval(() => fake.requests.splice(0, fake.requests.length), 1000).unref();
  process.stdout.write(`${fake.url}\n`);
});
