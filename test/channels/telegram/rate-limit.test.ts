import { expect } from 'chai';
import { Clock, SendLimiter, TELEGRAM_LIMITS } from '../../../service/src/channels/telegram';

/** A clock that never really waits: sleeping moves its time forward and is recorded. */
function fakeClock(): Clock & { t: number; sleeps: number[] } {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

describe('Telegram send limiter', () => {
  it('sends the first message to a chat at once and spaces the next ones by the per-chat interval', () => {
    const limiter = new SendLimiter(TELEGRAM_LIMITS, fakeClock());
    expect([limiter.reserve('tg:1'), limiter.reserve('tg:1'), limiter.reserve('tg:1')]).to.deep.equal([0, 1000, 2000]);
  });

  it('does not make another chat wait for a busy one, beyond the overall spacing', () => {
    const limiter = new SendLimiter(TELEGRAM_LIMITS, fakeClock());
    expect(limiter.reserve('tg:1')).to.equal(0);
    expect(limiter.reserve('tg:1')).to.equal(1000);
    expect(limiter.reserve('tg:2')).to.equal(34);
  });

  it('never lets more than 30 messages into any one second overall', () => {
    const limiter = new SendLimiter(TELEGRAM_LIMITS, fakeClock());
    const times = Array.from({ length: 100 }, (_, i) => limiter.reserve(`tg:${i % 70}`)).sort((a, b) => a - b);
    for (const start of times) {
      expect(times.filter((t) => t >= start && t < start + 1000).length, `window from ${start} ms`).to.be.at.most(30);
    }
    expect(times[times.length - 1]).to.be.below(4000);
  });

  it('holds a chat for retry_after after a 429 without holding the other chats', () => {
    const clock = fakeClock();
    const limiter = new SendLimiter(TELEGRAM_LIMITS, clock);
    limiter.reserve('tg:1');
    clock.t = 200;
    limiter.holdChat('tg:1', 3000);
    expect(limiter.reserve('tg:1')).to.equal(3200);
    expect(limiter.reserve('tg:2')).to.equal(200);
  });

  it('fits a message into a free gap between slots reserved further ahead', () => {
    const limiter = new SendLimiter({ perChatIntervalMs: 1000, perSecondOverall: 10 }, fakeClock());
    expect(limiter.reserve('tg:1')).to.equal(0);
    limiter.holdChat('tg:2', 500);
    expect(limiter.reserve('tg:2')).to.equal(500);
    expect(limiter.reserve('tg:3')).to.equal(100);
    expect(limiter.reserve('tg:4')).to.equal(200);
  });

  it('waits the reserved delay on the clock it was given', async () => {
    const clock = fakeClock();
    const limiter = new SendLimiter({ perChatIntervalMs: 250, perSecondOverall: 30 }, clock);
    await limiter.acquire('tg:1');
    await limiter.acquire('tg:1');
    await limiter.acquire('tg:2');
    // tg:1 again after its interval; tg:2 is free but must keep the overall spacing from tg:1's send.
    expect(clock.sleeps).to.deep.equal([250, 34]);
    expect(clock.t).to.equal(284);
  });

  it('sends at once again after a quiet spell', () => {
    const clock = fakeClock();
    const limiter = new SendLimiter(TELEGRAM_LIMITS, clock);
    limiter.reserve('tg:1');
    limiter.reserve('tg:1');
    clock.t = 5000;
    expect(limiter.reserve('tg:1')).to.equal(5000);
  });
});
