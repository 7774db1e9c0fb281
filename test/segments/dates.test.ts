import { expect } from 'chai';
import { birthdayRange, dayRange, formatWall, lastMonths, shopClock } from '../../service/src/segments/dates';

describe('segment date math', () => {
  const paris = (iso: string) => shopClock(new Date(iso), 'Europe/Paris');

  it('reads the evaluation instant on the shop clock, to the second', () => {
    expect(formatWall(paris('2025-06-15T08:00:00.987Z').wall)).to.equal('2025-06-15 10:00:00');
    expect(formatWall(paris('2025-01-15T08:00:00Z').wall)).to.equal('2025-01-15 09:00:00');
    expect(formatWall(shopClock(new Date('2025-06-15T08:00:00Z'), 'America/New_York').wall)).to.equal('2025-06-15 04:00:00');
  });

  it('falls back to Europe/Paris for an unknown zone', () => {
    const clock = shopClock(new Date('2025-06-15T08:00:00Z'), 'Mars/Olympus');
    expect(clock.zone).to.equal('Europe/Paris');
    expect(formatWall(clock.wall)).to.equal('2025-06-15 10:00:00');
  });

  it('subtracts calendar months on the wall clock, clamping to the month end', () => {
    expect(lastMonths(paris('2025-03-31T10:00:00Z'), 1)).to.deep.equal({ from: '2025-02-28 12:00:00', to: '2025-03-31 12:00:01' });
    expect(lastMonths(paris('2024-03-31T10:00:00Z'), 1).from).to.equal('2024-02-29 12:00:00');
    expect(lastMonths(paris('2025-05-31T10:00:00Z'), 3).from).to.equal('2025-02-28 12:00:00');
    expect(lastMonths(paris('2025-06-15T08:00:00Z'), 12).from).to.equal('2024-06-15 10:00:00');
  });

  it('keeps the same time of day across DST changes, even inside the spring-forward gap', () => {
    // 30 April 2025 02:30 CEST; one month earlier is 30 March 02:30, a time the Paris clock skipped.
    expect(lastMonths(paris('2025-04-30T00:30:00Z'), 1).from).to.equal('2025-03-30 02:30:00');
    // 27 November 01:30 CET; one month earlier, 27 October 01:30 (CEST still), same wall time.
    expect(lastMonths(paris('2024-11-27T00:30:00Z'), 1).from).to.equal('2024-10-27 01:30:00');
    // The repeated hour of 27 October 2024 reads 02:30 for both instants.
    expect(formatWall(paris('2024-10-27T00:30:00Z').wall)).to.equal('2024-10-27 02:30:00');
    expect(formatWall(paris('2024-10-27T01:30:00Z').wall)).to.equal('2024-10-27 02:30:00');
  });

  it('turns before, after and between into whole-day ranges', () => {
    expect(dayRange('before', '2024-03-10')).to.deep.equal({ to: '2024-03-10 00:00:00' });
    expect(dayRange('after', '2024-03-10')).to.deep.equal({ from: '2024-03-11 00:00:00' });
    expect(dayRange('after', '2024-12-31')).to.deep.equal({ from: '2025-01-01 00:00:00' });
    expect(dayRange('between', '2024-02-28', '2024-02-29')).to.deep.equal({ from: '2024-02-28 00:00:00', to: '2024-03-01 00:00:00' });
  });

  it('maps ages to birthday ranges, the birthday itself counting', () => {
    const clock = paris('2025-06-15T08:00:00Z');
    // age >= 25: born on or before 2000-06-15; age <= 30: born after 1994-06-15.
    expect(birthdayRange(clock, 25, 30)).to.deep.equal({ from: '1994-06-16', to: '2000-06-16' });
    expect(birthdayRange(clock, 18, undefined)).to.deep.equal({ to: '2007-06-16' });
  });

  it('lets someone born on 29 February age on 1 March in common years', () => {
    // On 28 Feb 2025, age >= 21 needs a birthday before 2004-02-29: 2004-02-29 is still 20.
    expect(birthdayRange(paris('2025-02-28T12:00:00Z'), 21, undefined)).to.deep.equal({ to: '2004-02-29' });
    expect(birthdayRange(paris('2025-03-01T12:00:00Z'), 21, undefined)).to.deep.equal({ to: '2004-03-02' });
  });
});
