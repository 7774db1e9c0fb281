import { expect } from 'chai';
import { availableActions, finishAction, nextStatus } from '../../service/src/campaigns/state';
import { ShopcastError } from '../../service/src/errors';

describe('campaign state machine', () => {
  it('follows draft -> scheduled -> sending -> sent', () => {
    expect(nextStatus('draft', 'schedule')).to.equal('scheduled');
    expect(nextStatus('scheduled', 'start')).to.equal('sending');
    expect(nextStatus('sending', 'finish_sent')).to.equal('sent');
  });

  it('pauses, resumes and cancels a send in progress', () => {
    expect(nextStatus('sending', 'pause')).to.equal('paused');
    expect(nextStatus('paused', 'resume')).to.equal('sending');
    expect(nextStatus('paused', 'cancel')).to.equal('cancelled');
  });

  it('lets the merchant decide about a missed campaign: send now, reschedule or cancel', () => {
    expect(nextStatus('scheduled', 'miss')).to.equal('missed');
    expect(availableActions('missed')).to.deep.equal(['schedule', 'unschedule', 'start', 'cancel']);
  });

  it('refuses illegal transitions with a conflict naming the status and the action', () => {
    for (const [from, action] of [['sent', 'start'], ['cancelled', 'resume'], ['draft', 'pause'], ['sending', 'schedule'], ['failed', 'cancel']] as const) {
      try {
        nextStatus(from, action);
        expect.fail(`${from} -> ${action} should be refused`);
      } catch (err) {
        expect(err).to.be.instanceOf(ShopcastError);
        expect((err as ShopcastError).code).to.equal('conflict');
        expect((err as ShopcastError).params).to.deep.equal({ status: from, action });
      }
    }
  });

  it('offers no manual action on a finished campaign', () => {
    for (const status of ['sent', 'partially_sent', 'failed', 'cancelled'] as const) expect(availableActions(status)).to.deep.equal([]);
  });

  it('ends sent, partially sent or failed from the recipients’ outcomes', () => {
    expect(finishAction({ sent: 10, failed: 0, unknown: 0 })).to.equal('finish_sent');
    expect(finishAction({ sent: 9, failed: 1, unknown: 0 })).to.equal('finish_partial');
    expect(finishAction({ sent: 9, failed: 0, unknown: 1 })).to.equal('finish_partial');
    expect(finishAction({ sent: 0, failed: 10, unknown: 0 })).to.equal('finish_failed');
  });
});
