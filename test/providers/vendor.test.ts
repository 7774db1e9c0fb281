import { expect } from 'chai';
import { numberKey, fromProviderNumber, toProviderNumber } from '../../service/src/providers/formats';
import { retryDelay } from '../../service/src/providers/isendpro/client';
import {
  entriesOf,
  mapSendOutcome,
  parseBlacklistCsv,
  reasonOf,
  statusOfCode,
  toNumber,
} from '../../service/src/providers/isendpro/vendor';

const batch = [
  { to: '+33612345678', text: 'a', tracker: 'r1' },
  { to: '+33698765432', text: 'b', tracker: 'r2' },
];

describe('iSendPro vendor mapping (pure)', () => {
  it('maps code 0 to accepted whether it is a number or a string', () => {
    expect(statusOfCode(0)).to.equal('accepted');
    expect(statusOfCode('0')).to.equal('accepted');
    expect(statusOfCode(' 0 ')).to.equal('accepted');
  });

  it('maps 11, 21, unknown codes and a missing code to rejected', () => {
    for (const code of [11, '11', '21', '999', 'abc', '', null, undefined]) expect(statusOfCode(code)).to.equal('rejected');
  });

  it('cuts transport and vendor codes to the 64 characters history rows hold', () => {
    const long = 'X'.repeat(80);
    const [transport] = mapSendOutcome(batch, { kind: 'not_sent', code: long, message: 'm' });
    expect(transport.code).to.equal('X'.repeat(64));
    const [vendor] = mapSendOutcome(batch, { kind: 'answer', status: 200, data: { etat: { etat: [{ code: long, tel: '33612345678' }] } } });
    expect(vendor).to.include({ status: 'rejected', code: 'X'.repeat(64) });
    expect(mapSendOutcome(batch, { kind: 'not_sent', code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'm' })[0].code).to.equal('SELF_SIGNED_CERT_IN_CHAIN');
  });

  it('reads etat.etat as an object or an array, and ignores anything else', () => {
    expect(entriesOf({ etat: { etat: { code: '0' } } })).to.deep.equal([{ code: '0' }]);
    expect(entriesOf({ etat: { etat: [{ code: 0 }, { code: 11 }] } })).to.have.length(2);
    expect(entriesOf({ etat: { credit: 1 } })).to.deep.equal([]);
    expect(entriesOf('<html>')).to.deep.equal([]);
    expect(entriesOf(null)).to.deep.equal([]);
  });

  it('matches per-number entries by number whatever order and format the provider answers in', () => {
    const data = { etat: { etat: [{ code: 11, message: 'liste noire', tel: '0698765432' }, { code: '0', message: 'OK', tel: '33612345678' }] } };
    const results = mapSendOutcome(batch, { kind: 'answer', status: 200, data });
    expect(results.map((r) => [r.tracker, r.status, r.code, r.message])).to.deep.equal([
      ['r1', 'accepted', '0', 'OK'],
      ['r2', 'rejected', '11', 'liste noire'],
    ]);
  });

  it('rejects the whole batch, as retryable, on a general error without a number', () => {
    const data = { etat: { etat: { code: '1', message: 'Your credentials are incorrect' } } };
    const results = mapSendOutcome(batch, { kind: 'answer', status: 400, data });
    expect(results.every((r) => r.status === 'rejected' && r.code === '1' && r.retryable === true)).to.equal(true);
    expect(results[0].message).to.equal('Your credentials are incorrect');
  });

  it('marks a message unknown when the answer has no entry for its number', () => {
    const data = { etat: { etat: [{ code: '0', tel: '33612345678' }] } };
    const results = mapSendOutcome(batch, { kind: 'answer', status: 200, data });
    expect(results.map((r) => r.status)).to.deep.equal(['accepted', 'unknown']);
  });

  it('marks a batch unknown after a timeout, a dropped connection or a 500, and rejected after 503', () => {
    expect(mapSendOutcome(batch, { kind: 'in_flight', code: 'timeout', message: 'x' })[0].status).to.equal('unknown');
    expect(mapSendOutcome(batch, { kind: 'in_flight', code: 'ECONNRESET', message: 'x' })[1].status).to.equal('unknown');
    expect(mapSendOutcome(batch, { kind: 'answer', status: 500, data: '' })[0]).to.include({ status: 'unknown', code: 'http_500' });
    expect(mapSendOutcome(batch, { kind: 'answer', status: 503, data: '' })[0]).to.include({ status: 'rejected', code: 'http_503', retryable: true });
    expect(mapSendOutcome(batch, { kind: 'not_sent', code: 'ECONNREFUSED', message: 'x' })[0]).to.include({ status: 'rejected', retryable: true });
  });

  it('tells a bad keyid and an unauthorised IP apart from the provider words, in French or English', () => {
    expect(reasonOf('Your credentials are incorrect')).to.equal('bad_credentials');
    expect(reasonOf('Vos identifiants sont incorrects')).to.equal('bad_credentials');
    expect(reasonOf("L'adresse IP n'est pas autorisée")).to.equal('ip_not_allowed');
    expect(reasonOf('The IP address is not authorised')).to.equal('ip_not_allowed');
    expect(reasonOf('Crédit insuffisant')).to.equal('other');
  });

  it('parses the blacklist CSV whatever its separator, header and number format', () => {
    const csv = 'numero;date\r\n33612345678;2025-01-01\r\n"0698765432",x\r\n\r\n+32470123456\r\nnot a number\r\n';
    expect(parseBlacklistCsv(csv)).to.deep.equal(['+33612345678', '+33698765432', '+32470123456']);
  });

  it('reads credit figures given as numbers or strings', () => {
    expect(toNumber(10)).to.equal(10);
    expect(toNumber('10.5')).to.equal(10.5);
    expect(toNumber('10,5')).to.equal(10.5);
    expect(toNumber('')).to.equal(null);
    expect(toNumber(undefined)).to.equal(null);
  });

  it('converts numbers between E.164 and the provider format', () => {
    expect(toProviderNumber('+33612345678')).to.equal('33612345678');
    expect(fromProviderNumber('0612345678')).to.equal('+33612345678');
    expect(fromProviderNumber('32470123456')).to.equal('+32470123456');
    expect(fromProviderNumber('hello')).to.equal(null);
    expect(numberKey('06 12 34 56 78')).to.equal(numberKey('+33612345678'));
  });

  it('retries only refused connections and 429/503 answers, with growing delays and Retry-After', () => {
    const options = { baseUrl: '', timeoutMs: 1, retries: 3, backoffMs: 100, maxBackoffMs: 250 };
    expect(retryDelay({ kind: 'not_sent', code: 'ECONNREFUSED', message: '' }, null, 0, options)).to.equal(100);
    expect(retryDelay({ kind: 'not_sent', code: 'ECONNREFUSED', message: '' }, null, 1, options)).to.equal(200);
    expect(retryDelay({ kind: 'answer', status: 503, data: null }, null, 2, options)).to.equal(250);
    expect(retryDelay({ kind: 'answer', status: 429, data: null }, 50, 0, options)).to.equal(50);
    expect(retryDelay({ kind: 'answer', status: 503, data: null }, null, 3, options)).to.equal(null);
    expect(retryDelay({ kind: 'answer', status: 500, data: null }, null, 0, options)).to.equal(null);
    expect(retryDelay({ kind: 'in_flight', code: 'timeout', message: '' }, null, 0, options)).to.equal(null);
  });
});
