import { expect } from 'chai';
import { progressEvents, progressOf } from '../../service/src/campaigns/progress';
import type { Campaign } from '../../service/src/campaigns/queries';

const draft: Campaign = {
  id_campaign: 7, id_shop: 1, name: 'Soldes', action: 'send', criteria: {}, message: 'x', sender: null, status: 'sending',
  scheduled_at: null, started_at: '2026-11-26 10:00:00', finished_at: null, recipients: 0, sent: 0, failed: 0, unknown: 0, parts: 0,
  estimated_cost: null, cost: null, snapshot_done: false, last_id_recipient: 0, directory_id: null, error: null, error_detail: null,
  created_at: '2026-11-26 10:00:00', updated_at: '2026-11-26 10:00:00',
};

describe('campaign progress', () => {
  it('shows each step of a send as its own column is written: created, generated, cost estimate, sending, done', () => {
    const created = progressOf(draft);
    const generated = progressOf({ ...draft, snapshot_done: true, recipients: 20, parts: 1 });
    const estimated = progressOf({ ...draft, snapshot_done: true, recipients: 20, estimated_cost: '0.9000' });
    const sending = progressOf({ ...draft, snapshot_done: true, recipients: 20, estimated_cost: '0.9000', last_id_recipient: 10 });
    const done = progressOf({ ...draft, status: 'sent', snapshot_done: true, recipients: 20, estimated_cost: '0.9000', last_id_recipient: 20, sent: 20 });
    expect([created, generated, estimated, sending, done].map((p) => p.step)).to.deep.equal(['created', 'generated', 'cost_estimate', 'sending', 'done']);
    expect(done).to.include({ processed: 20, settled: true });
    expect(done.steps).to.deep.equal(['created', 'generated', 'cost_estimate', 'sending', 'done']);
  });

  it('gives an export its own steps: directory created, then the import, then done', () => {
    const exported = { ...draft, action: 'export' as const, snapshot_done: true, recipients: 3, estimated_cost: '0.0000' };
    expect(progressOf(exported).steps).to.deep.equal(['created', 'generated', 'directory_created', 'sending', 'done']);
    expect(progressOf(exported).step).to.equal('generated');
    expect(progressOf({ ...exported, directory_id: '12' }).step).to.equal('directory_created');
    expect(progressOf({ ...exported, directory_id: '12', last_id_recipient: 3, sent: 3 }).step).to.equal('sending');
    expect(progressOf({ ...exported, directory_id: '12', status: 'sent', last_id_recipient: 3, sent: 3 }).reached).to.deep.equal(['created', 'generated', 'directory_created', 'sending', 'done']);
  });

  it('never shows sending for a campaign refused for credit', () => {
    const refused = progressOf({ ...draft, status: 'failed', snapshot_done: true, recipients: 20, estimated_cost: '9.0000', error: 'insufficient credit' });
    expect(refused.reached).to.deep.equal(['created', 'generated', 'cost_estimate', 'done']);
  });

  it('announces, in order, every step passed between two reads of the row', () => {
    const before = progressOf(draft);
    const after = progressOf({ ...draft, snapshot_done: true, recipients: 20, estimated_cost: '0.9000', last_id_recipient: 10, sent: 10 });
    expect(progressEvents(null, before).map((e) => e.step)).to.deep.equal(['created']);
    const events = progressEvents(before, after);
    expect(events.map((e) => e.step)).to.deep.equal(['generated', 'cost_estimate', 'sending']);
    expect(events[2]).to.include({ sent: 10, processed: 10 });
  });

  it('sends the new figures of a step once, and nothing when the row did not change', () => {
    const a = progressOf({ ...draft, snapshot_done: true, estimated_cost: '1.0000', last_id_recipient: 10, sent: 10 });
    const b = progressOf({ ...draft, snapshot_done: true, estimated_cost: '1.0000', last_id_recipient: 20, sent: 20 });
    expect(progressEvents(a, b)).to.deep.equal([b]);
    expect(progressEvents(b, b)).to.deep.equal([]);
  });
});
