import { expect } from 'chai';
import { ROTATION, rotatingSecret, verifyWithSecret } from '../../service/src/auth';

/** A stored secret the test rotates, a clock it moves, and a count of database reads. */
function storedSecret(initial: string) {
  const state = { stored: initial as string | null, reads: 0, now: 1_000_000, fail: false };
  const source = rotatingSecret(
    initial,
    async () => {
      state.reads++;
      if (state.fail) throw new Error('database down');
      return state.stored;
    },
    () => state.now,
  );
  return { state, source };
}

const accepts = (expected: string) => (s: string) => (s === expected ? s : null);

describe('module secret rotation', () => {
  it('picks up a secret rotated in the table on the first proof made with it', async () => {
    const { state, source } = storedSecret('old');
    state.stored = 'new';
    expect(await verifyWithSecret(source, accepts('new'))).to.equal('new');
    expect(source.accepted()).to.deep.equal(['new', 'old']);
    expect(state.reads).to.equal(1);
  });

  it('accepts the previous secret during the grace only', async () => {
    const { state, source } = storedSecret('old');
    state.stored = 'new';
    await source.refresh();
    state.now += ROTATION.graceMs - 1;
    expect(await verifyWithSecret(source, accepts('old'))).to.equal('old');
    state.now += 1;
    expect(await verifyWithSecret(source, accepts('old'))).to.equal(null);
    expect(source.accepted()).to.deep.equal(['new']);
  });

  it('reads the table at most once per interval however many forged proofs arrive', async () => {
    const { state, source } = storedSecret('old');
    const forged = await Promise.all(Array.from({ length: 50 }, () => verifyWithSecret(source, accepts('forged'))));
    expect(forged.every((r) => r === null)).to.equal(true);
    for (let i = 0; i < 20; i++) await verifyWithSecret(source, accepts('forged'));
    expect(state.reads).to.equal(1);
    state.now += ROTATION.minRefreshMs;
    await verifyWithSecret(source, accepts('forged'));
    expect(state.reads).to.equal(2);
  });

  it('re-reads a secret that keeps verifying once it is old, so a leaked one can be revoked', async () => {
    const { state, source } = storedSecret('leaked');
    state.stored = 'fresh';
    state.now += ROTATION.maxAgeMs;
    expect(await verifyWithSecret(source, accepts('leaked'))).to.equal('leaked');
    expect(state.reads, 'the old secret made the service look').to.equal(1);
    state.now += ROTATION.graceMs;
    expect(await verifyWithSecret(source, accepts('leaked'))).to.equal(null);
  });

  it('keeps the secret in use when the row is gone or the database fails', async () => {
    const { state, source } = storedSecret('kept');
    state.stored = null;
    expect(await verifyWithSecret(source, accepts('other'))).to.equal(null);
    expect(source.accepted()).to.deep.equal(['kept']);
    state.fail = true;
    state.now += ROTATION.maxAgeMs;
    expect(await verifyWithSecret(source, accepts('kept'))).to.equal('kept');
  });

  it('checks a fixed secret without any read', async () => {
    expect(await verifyWithSecret('fixed', accepts('fixed'))).to.equal('fixed');
    expect(await verifyWithSecret('fixed', accepts('other'))).to.equal(null);
  });
});
