import { expect } from 'chai';
import { ShopcastError } from '../../service/src/errors';
import { checkShopAccess, parseSegment } from '../../service/src/segments/criteria';
import type { SegmentIssue } from '../../service/src/segments';

function issuesOf(input: unknown): Array<Pick<SegmentIssue, 'path' | 'key' | 'messages'>> {
  try {
    parseSegment(input);
  } catch (err) {
    expect(err).to.be.instanceOf(ShopcastError);
    expect((err as ShopcastError).code).to.equal('invalid_input');
    return ((err as ShopcastError).issues as SegmentIssue[]).map(({ path, key, messages }) => ({ path, key, messages }));
  }
  throw new Error('expected the segment to be rejected');
}

const one = (criterion: unknown) => ({ shops: [1], criteria: [criterion] });

describe('segment criteria validation', () => {
  it('accepts every field of the contract and upper-cases country codes', () => {
    const criteria = [
      { field: 'newsletter', value: true },
      { field: 'optin', value: false },
      { field: 'age', op: '>', value: 18 },
      { field: 'age', op: 'between', min: 18, max: 30 },
      { field: 'gender', value: 'any' },
      { field: 'group', in: [1, 4] },
      { field: 'country', in: ['fr', 'BE'] },
      { field: 'registered', op: 'before', date: '2024-01-31' },
      { field: 'registered', withinMonths: 6 },
      { field: 'last_order', op: 'between', from: '2024-01-01', to: '2024-12-31' },
      { field: 'has_ordered', value: true },
      { field: 'orders_count', op: '=', value: 0, months: 12 },
      { field: 'orders_total', op: '>', value: 99.5, months: 6 },
      { field: 'customer_type', value: 'business' },
    ];
    const segment = parseSegment({ shops: [1, 2], criteria });
    expect(segment.shops).to.deep.equal([1, 2]);
    expect(segment.criteria[6]).to.deep.equal({ field: 'country', in: ['FR', 'BE'] });
    expect(segment.criteria).to.have.lengthOf(criteria.length);
  });

  it('names the criterion and the field in English and French', () => {
    expect(issuesOf(one({ field: 'age', op: '>=', value: 18 }))).to.deep.equal([
      {
        path: 'criteria[0].op',
        key: 'op',
        messages: { en: 'criterion 1 (age): op must be one of >, <, =, between', fr: "critère 1 (age) : op doit être l'un de >, <, =, between" },
      },
    ]);
  });

  it('reports an unknown field with the list of known ones', () => {
    const [issue] = issuesOf({ shops: [1], criteria: [{ field: 'newsletter', value: true }, { field: 'city', value: 'Paris' }] });
    expect(issue.path).to.equal('criteria[1].field');
    expect(issue.messages.en).to.match(/^criterion 2: unknown field "city"; expected one of newsletter, optin, age/);
    expect(issue.messages.fr).to.match(/^critère 2 : champ "city" inconnu/);
  });

  it('reports a criterion without a field in English and French', () => {
    const allowed = 'newsletter, optin, age, gender, group, country, registered, last_order, has_ordered, orders_count, orders_total, customer_type';
    expect(issuesOf(one({ value: true }))).to.deep.equal([
      {
        path: 'criteria[0].field',
        key: 'field_missing',
        messages: { en: `criterion 1: missing field; expected one of ${allowed}`, fr: `critère 1 : champ manquant ; valeurs possibles : ${allowed}` },
      },
    ]);
  });

  it('reports every problem at once, with its path', () => {
    const paths = issuesOf({
      shops: [0],
      criteria: [
        { field: 'orders_total', op: '>', value: 1.1234567, months: 0 },
        { field: 'registered', op: 'between', from: '2024-02-30', to: '2024-01-01' },
        { field: 'age', op: 'between', min: 40, max: 30 },
        { field: 'gender', value: 'other', extra: 1 },
        'not an object',
      ],
    }).map((i) => `${i.path}:${i.key}`);
    expect(paths).to.deep.equal(['shops[0]:shops']);
    const criteria = issuesOf({
      shops: [1],
      criteria: [
        { field: 'orders_total', op: '>', value: 1.1234567, months: 0 },
        { field: 'registered', op: 'between', from: '2024-02-30', to: '2024-01-01' },
        { field: 'age', op: 'between', min: 40, max: 30 },
        { field: 'gender', value: 'other', extra: 1 },
        'not an object',
        { field: 'registered', op: 'between', from: '2024-03-01', to: '2024-01-01' },
      ],
    }).map((i) => `${i.path}:${i.key}`);
    expect(criteria).to.deep.equal([
      'criteria[0].value:amount_value',
      'criteria[0].months:months',
      'criteria[1].from:date',
      'criteria[2].min:age_order',
      'criteria[3].value:gender_value',
      'criteria[3]:unknown_keys',
      'criteria[4]:criterion_object',
      'criteria[5].from:date_order',
    ]);
  });

  it('refuses missing values, wrong types and out-of-range numbers', () => {
    const keys = (c: unknown) => issuesOf(one(c)).map((i) => i.key);
    expect(keys({ field: 'newsletter' })).to.deep.equal(['boolean_value']);
    expect(keys({ field: 'newsletter', value: 'true' })).to.deep.equal(['boolean_value']);
    expect(keys({ field: 'age', op: '>', value: 18.5 })).to.deep.equal(['age']);
    expect(keys({ field: 'age', op: '<', value: 151 })).to.deep.equal(['age']);
    expect(keys({ field: 'orders_count', op: '>', value: -1, months: 12 })).to.deep.equal(['count_value']);
    expect(keys({ field: 'orders_count', op: '>', value: 1 })).to.deep.equal(['months']);
    expect(keys({ field: 'group', in: [] })).to.deep.equal(['group_ids']);
    expect(keys({ field: 'registered', withinMonths: 241 })).to.deep.equal(['months']);
    expect(keys({ field: 'last_order', op: 'since', date: '2024-01-01' })).to.deep.equal(['op']);
    expect(keys({ field: 'customer_type', value: 'pro' })).to.deep.equal(['customer_type_value']);
  });

  it('rejects a body that is not a segment object, and unknown top-level keys', () => {
    expect(issuesOf('x').map((i) => i.key)).to.deep.equal(['segment_object']);
    expect(issuesOf({ shops: [1], criteria: [], limit: 5 }).map((i) => i.key)).to.deep.equal(['unknown_keys']);
    expect(issuesOf({ criteria: [] }).map((i) => i.key)).to.deep.equal(['shops']);
  });

  it('refuses SQL in every string field', () => {
    const attack = "1' OR '1'='1'; DROP TABLE ps_customer; --";
    const attempts = [
      { field: attack, value: true },
      { field: 'age', op: attack, value: 1 },
      { field: 'gender', value: attack },
      { field: 'country', in: ['FR', attack] },
      { field: 'country', in: ["FR'--"] },
      { field: 'registered', op: 'before', date: `2024-01-01${attack}` },
      { field: 'last_order', op: 'between', from: '2024-01-01', to: attack },
      { field: 'customer_type', value: attack },
      { field: 'group', in: [attack] },
      { field: 'orders_total', op: '>', value: attack, months: 6 },
      { field: 'orders_count', op: '>', value: 1, months: attack },
    ];
    for (const criterion of attempts) expect(issuesOf(one(criterion))).to.have.lengthOf(1);
    expect(issuesOf({ shops: [attack], criteria: [] })).to.have.lengthOf(1);
  });

  it('lets a token act only on its shops, as unauthorized naming the shop', () => {
    const segment = parseSegment({ shops: [1, 2], criteria: [] });
    expect(() => checkShopAccess(segment, [])).not.to.throw();
    expect(() => checkShopAccess(segment, [1, 2, 3])).not.to.throw();
    try {
      checkShopAccess(segment, [1]);
      expect.fail('expected a refusal');
    } catch (err) {
      const e = err as ShopcastError;
      expect(e.code).to.equal('unauthorized');
      expect((e.issues[0] as SegmentIssue).messages).to.deep.equal({ en: 'your access does not cover shop 2', fr: 'votre accès ne couvre pas la boutique 2' });
    }
  });
});
