import { statutoryHolidays } from './statutoryHolidays';

function byName(year: number) {
  return Object.fromEntries(statutoryHolidays(year).map((h) => [h.name, h]));
}

describe('statutory holidays under the 2025 rules (provisional calendar)', () => {
  it('gives 2027 its thirteen statutory days on the right solar and lunar dates', () => {
    const h = byName(2027);
    expect(h.new_year?.dates).toEqual(['2027-01-01']);
    // 正月初一 2027 is Saturday 6 February; 除夕 is the Friday before.
    expect(h.spring_festival?.dates).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
    expect(h.qingming?.dates).toEqual(['2027-04-05']);
    expect(h.labour_day?.dates).toEqual(['2027-05-01', '2027-05-02']);
    expect(h.dragon_boat?.dates).toEqual(['2027-06-09']);
    expect(h.mid_autumn?.dates).toEqual(['2027-09-15']);
    expect(h.national_day?.dates).toEqual(['2027-10-01', '2027-10-02', '2027-10-03']);
    const total = statutoryHolidays(2027).reduce((n, x) => n + x.dates.length, 0);
    expect(total).toBe(13);
  });

  it('gives a weekday off for each statutory day that falls on a weekend (补假)', () => {
    const h = byName(2027);
    // Spring Festival 2027 loses Saturday 6 and Sunday 7 February: Tuesday 9 and Wednesday 10 are off.
    expect(h.spring_festival?.substituteDates).toEqual(['2027-02-09', '2027-02-10']);
    // Labour Day 2027 is Saturday and Sunday: Monday 3 and Tuesday 4 May.
    expect(h.labour_day?.substituteDates).toEqual(['2027-05-03', '2027-05-04']);
    // National Day 2027 loses Saturday 2 and Sunday 3 October.
    expect(h.national_day?.substituteDates).toEqual(['2027-10-04', '2027-10-05']);
    // New Year 2027 is a Friday: nothing to give back.
    expect(h.new_year?.substituteDates).toEqual([]);
  });

  it('gives a day back when two holidays coincide (Mid-Autumn on National Day 2028)', () => {
    const h = byName(2028);
    expect(h.mid_autumn?.dates).toEqual(['2028-10-03']);
    // 1 Oct 2028 is a Sunday (Wed 4 Oct back) and 3 Oct is both National Day and Mid-Autumn (Thu 5 Oct back).
    expect(h.national_day?.substituteDates).toEqual(['2028-10-04']);
    expect(h.mid_autumn?.substituteDates).toEqual(['2028-10-05']);
  });

  it('puts 除夕 on 腊月廿九 when the twelfth lunar month is short (2028)', () => {
    // 正月初一 2028 is 26 January; 除夕 is 25 January.
    expect(byName(2028).spring_festival?.dates[0]).toBe('2028-01-25');
  });

  it('refuses years outside the lunar tables', () => {
    expect(() => statutoryHolidays(2200)).toThrow(RangeError);
  });
});
