/**
 * Messages per second submitted through the iSendPro adapter to the fake iSendPro on loopback,
 * for batch sizes 1 (/sms per message), 100 and 500 (/smsmulti). The fake validates every request
 * against the OpenAPI contract, so this measures our client plus a strict server, not the real
 * provider's latency. Batches go one after the other, as the adapter sends them. The fake runs in
 * this process (it shares the event loop, so the figures are a floor) and keeps only requests that
 * broke the contract: holding every body would grow the heap and time the garbage collector.
 * Run: npx tsx bench/provider-send.ts   (prints only; tests never assert timings)
 */
import { createIsendproProvider, OutgoingSms } from '../service/src/providers';
import { FAKE_KEYID, startFakeIsendpro } from '../test/fakes/isendpro';

const BATCH_SIZES = [1, 100, 500];
/** Seconds of sending per batch size, after a warm-up round. */
const SECONDS = 2;

function messages(count: number): OutgoingSms[] {
  return Array.from({ length: count }, (_, i) => ({
    to: `+336${String(i).padStart(7, '0')}5`,
    text: `Bonjour client ${i}, -20 % sur toute la boutique ce week-end avec le code PROMO${i % 100}.`,
    tracker: `b${i}`,
  }));
}

async function measure(url: string, batchSize: number): Promise<{ perSecond: number; requests: number }> {
  const provider = createIsendproProvider({ baseUrl: url, settings: async () => ({ keyid: FAKE_KEYID, batchSize }) });
  const round = messages(Math.max(batchSize * 4, 400));
  await provider.send(round.slice(0, batchSize * 2));
  let sent = 0;
  let requests = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < SECONDS) {
    const results = await provider.send(round);
    if (results.some((r) => r.status !== 'accepted')) throw new Error(`a message was not accepted: ${JSON.stringify(results.find((r) => r.status !== 'accepted'))}`);
    sent += round.length;
    requests += Math.ceil(round.length / batchSize);
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { perSecond: sent / elapsed, requests };
}

async function main(): Promise<void> {
  const fake = await startFakeIsendpro({}, { keep: 'invalid' });
  try {
    const rows: Array<{ batch: number; perSecond: number; requests: number }> = [];
    for (const batch of BATCH_SIZES) {
      const measured = await measure(fake.url, batch);
      if (fake.requests.length > 0) throw new Error(`${fake.requests.length} requests broke the contract: ${fake.requests[0].problems.join('; ')}`);
      // Warm-up and timed rounds: the fake must have seen every request the adapter made.
      if (fake.received < measured.requests) throw new Error(`the fake received ${fake.received} requests, fewer than ${measured.requests}`);
      rows.push({ batch, ...measured });
      fake.reset();
    }
    const base = rows[0].perSecond;
    console.log(`iSendPro adapter -> fake iSendPro (same process) on loopback, ${SECONDS} s per batch size (node ${process.version}, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)\n`);
    console.log('| batch size | messages/s | requests | vs batch 1 |');
    console.log('|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(`| ${r.batch} | ${Math.round(r.perSecond).toLocaleString('en')} | ${r.requests.toLocaleString('en')} | ${(r.perSecond / base).toFixed(1)}x |`);
    }
  } finally {
    await fake.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
