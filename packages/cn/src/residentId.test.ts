import { isResidentId, residentIdCheckChar, validateResidentId } from './residentId';

const today = '2026-11-22';

describe('resident ID numbers (GB 11643-1999)', () => {
  it('computes the MOD 11-2 check character', () => {
    // The worked example of the standard.
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('65230119900101123')).toBe('5');
    expect(() => residentIdCheckChar('1234')).toThrow(RangeError);
  });

  it('accepts a valid number and reads birth date, sex and region', () => {
    expect(validateResidentId('652301199001011235', { today })).toEqual({
      ok: true,
      value: '652301199001011235',
      birthDate: '1990-01-01',
      sex: 'male',
      regionCode: '652301',
    });
    const female = validateResidentId('11010519491231002X', { today });
    expect(female.ok && female.sex).toBe('female');
  });

  it('normalises a lower-case x, full-width digits and surrounding spaces', () => {
    const result = validateResidentId(' 11010519491231002x ', { today });
    expect(result.ok && result.value).toBe('11010519491231002X');
    const fullWidth = validateResidentId('６５２３０１１９９００１０１１２３５', { today });
    expect(fullWidth.ok && fullWidth.value).toBe('652301199001011235');
  });

  it('rejects a wrong check character with an English reason and a Chinese message', () => {
    // The example number used in API.md has the wrong check character: it should end in 5.
    const result = validateResidentId('65230119900101123X', { today });
    expect(result).toEqual({ ok: false, reason: 'checksum', message: '身份证号码校验位不正确' });
  });

  it.each([
    ['17 characters', '65230119900101123'],
    ['19 characters', '6523011990010112355'],
    ['a letter inside', '6523011990A1011235'],
    ['X before the end', '652301199001011X35'],
    ['15-digit first-generation number', '652301900101123'],
  ])('rejects the format: %s', (_label, input) => {
    expect(validateResidentId(input, { today })).toMatchObject({ ok: false, reason: 'format' });
  });

  it('rejects impossible and future birth dates', () => {
    const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);
    expect(validateResidentId(withCheck('65230119900230123'), { today })).toMatchObject({
      reason: 'birth_date',
    });
    expect(validateResidentId(withCheck('65230120261123123'), { today })).toMatchObject({
      reason: 'birth_date',
    });
    expect(validateResidentId(withCheck('65230118991231123'), { today })).toMatchObject({
      reason: 'birth_date',
    });
    // Born today is fine; 29 February of a leap year too.
    expect(isResidentId(withCheck('65230120261122123'), { today })).toBe(true);
    expect(isResidentId(withCheck('33010220000229004'), { today })).toBe(true);
  });

  describe('region check', () => {
    // 652322 was 米泉县, merged into 乌鲁木齐 in 2007: the number stays valid for its holder.
    const historic = '652322198001011230'.slice(0, 17);
    const historicId = historic + residentIdCheckChar(historic);
    const unknownProvince = '99010119900101123';
    const unknownProvinceId = unknownProvince + residentIdCheckChar(unknownProvince);

    it('by default checks only the province digits, so historic county codes pass', () => {
      expect(isResidentId(historicId, { today })).toBe(true);
      expect(validateResidentId(unknownProvinceId, { today })).toMatchObject({ ok: false, reason: 'region' });
    });

    it('can require a region in the current dataset', () => {
      expect(validateResidentId(historicId, { today, region: 'current' })).toMatchObject({
        reason: 'region',
      });
      expect(isResidentId('652301199001011235', { today, region: 'current' })).toBe(true);
    });

    it('can be switched off or replaced by a custom list', () => {
      expect(isResidentId(unknownProvinceId, { today, region: 'none' })).toBe(true);
      expect(isResidentId(historicId, { today, region: (code) => code === '652322' })).toBe(true);
      expect(isResidentId('652301199001011235', { today, region: (code) => code === '652322' })).toBe(false);
    });
  });
});
