import { expect } from 'chai';
import { DEFAULT_SEND_WINDOW, easterSunday, frenchHolidays, isInSendWindow, nextSendTime, sendWindowSchema } from '../../service/src/scheduler';

// Instants are written with Paris's own offset: +01:00 in winter, +02:00 in summer.

describe('French public holidays', () => {
  it('computes Easter Sunday for known years', () => {
    expect(easterSunday(2024)).to.deep.equal([3, 31]);
    expect(easterSunday(2025)).to.deep.equal([4, 20]);
    expect(easterSunday(2026)).to.deep.equal([4, 5]);
    expect(easterSunday(2027)).to.deep.equal([3, 28]);
    expect(easterSunday(2038)).to.deep.equal([4, 25]);
  });

  it('lists the 11 holidays of 2026, Easter Monday, Ascension and Whit Monday included', () => {
    expect(frenchHolidays(2026)).to.deep.equal([
      '2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25',
      '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25',
    ]);
  });

  it('lists the 11 holidays of 2027', () => {
    expect(frenchHolidays(2027)).to.deep.equal([
      '2027-01-01', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-08', '2027-05-17',
      '2027-07-14', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25',
    ]);
  });
});

describe('marketing send window', () => {
  it('allows a weekday at 08:00 sharp and refuses 20:00 sharp, Paris time', () => {
    expect(isInSendWindow(new Date('2026-11-26T08:00:00+01:00'))).to.equal(true);
    expect(isInSendWindow(new Date('2026-11-26T07:59:00+01:00'))).to.equal(false);
    expect(isInSendWindow(new Date('2026-11-26T19:59:00+01:00'))).to.equal(true);
    expect(isInSendWindow(new Date('2026-11-26T20:00:00+01:00'))).to.equal(false);
  });

  it('allows Saturday, refuses Sunday and public holidays', () => {
    expect(isInSendWindow(new Date('2026-11-28T10:00:00+01:00'))).to.equal(true);
    expect(isInSendWindow(new Date('2026-11-29T10:00:00+01:00'))).to.equal(false);
    expect(isInSendWindow(new Date('2026-04-06T10:00:00+02:00'))).to.equal(false);
    expect(isInSendWindow(new Date('2027-05-06T10:00:00+02:00'))).to.equal(false);
  });

  it('reads the hour on the Paris wall clock across daylight saving time', () => {
    expect(isInSendWindow(new Date('2026-07-01T06:30:00Z'))).to.equal(true);
    expect(isInSendWindow(new Date('2026-01-07T06:30:00Z'))).to.equal(false);
  });

  it('moves an evening send to the next morning, and Saturday night to Monday', () => {
    expect(nextSendTime(new Date('2026-11-26T21:15:00+01:00')).toISOString()).to.equal('2026-11-27T07:00:00.000Z');
    expect(nextSendTime(new Date('2026-11-28T20:30:00+01:00')).toISOString()).to.equal('2026-11-30T07:00:00.000Z');
  });

  it('skips a long holiday weekend: Saturday evening before Whit Monday 2026 goes to Tuesday', () => {
    expect(nextSendTime(new Date('2026-05-23T20:01:00+02:00')).toISOString()).to.equal('2026-05-26T06:00:00.000Z');
  });

  it('keeps an allowed instant as it is, and moves an early one to 08:00 the same day', () => {
    const allowed = new Date('2026-11-26T12:34:00+01:00');
    expect(nextSendTime(allowed)).to.equal(allowed);
    expect(nextSendTime(new Date('2026-11-26T06:00:00+01:00')).toISOString()).to.equal('2026-11-26T07:00:00.000Z');
  });

  it('applies a shop’s own window in its own zone', () => {
    const window = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', zone: 'Europe/Zurich', holidays: 'none' as const };
    expect(isInSendWindow(new Date('2026-04-06T10:00:00+02:00'), window)).to.equal(true);
    expect(nextSendTime(new Date('2026-11-27T18:00:00+01:00'), window).toISOString()).to.equal('2026-11-30T08:00:00.000Z');
  });

  it('refuses a window that ends before it starts, an empty week or an unknown zone', () => {
    expect(sendWindowSchema.safeParse({ ...DEFAULT_SEND_WINDOW, start: '20:00', end: '08:00' }).success).to.equal(false);
    expect(sendWindowSchema.safeParse({ ...DEFAULT_SEND_WINDOW, days: [] }).success).to.equal(false);
    expect(sendWindowSchema.safeParse({ ...DEFAULT_SEND_WINDOW, zone: 'Mars/Olympus' }).success).to.equal(false);
    expect(sendWindowSchema.safeParse(DEFAULT_SEND_WINDOW).success).to.equal(true);
  });
});
