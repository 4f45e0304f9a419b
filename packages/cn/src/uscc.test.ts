import { isRegionCode } from './region';
import { isUscc, usccCheckChar, validateUscc } from './uscc';

describe('unified social credit codes (GB 32100-2015)', () => {
  it('computes the check character of published codes', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3'); // example in the standard
    expect(usccCheckChar('91440300192203821')).toBe('6');
    expect(usccCheckChar('91330100799655058')).toBe('B');
    expect(() => usccCheckChar('91350100M000100Y')).toThrow(RangeError);
    expect(() => usccCheckChar('91350100I000100Y4')).toThrow(RangeError);
  });

  it('maps a remainder of 0 to the check character 0, not 31', () => {
    // Find a body whose weighted sum is a multiple of 31 by varying the last character.
    const prefix = '9165230100000000';
    const body = [...'0123456789ABCDEFGHJKLMNPQRTUWXY']
      .map((ch) => prefix + ch)
      .find((b) => usccCheckChar(b) === '0');
    expect(body).toBeDefined();
    expect(isUscc(`${body}0`)).toBe(true);
  });

  it('accepts a valid code and splits out its parts', () => {
    expect(validateUscc('91350100M000100Y43')).toEqual({
      ok: true,
      value: '91350100M000100Y43',
      regionCode: '350100',
      registrationAuthority: '9',
      organizationCode: 'M000100Y4',
    });
  });

  it('normalises lower case and spaces', () => {
    const result = validateUscc(' 91350100m000100y43 ');
    expect(result.ok && result.value).toBe('91350100M000100Y43');
  });

  it('builds valid codes for tests from any 17-character body', () => {
    const body = '91652301MA78ABCD1';
    expect(isUscc(body + usccCheckChar(body))).toBe(true);
  });

  it('rejects wrong length, forbidden letters, a non-numeric region and a wrong check character', () => {
    expect(validateUscc('91350100M000100Y4')).toMatchObject({ ok: false, reason: 'format' });
    expect(validateUscc('91350100M000100O43')).toMatchObject({ ok: false, reason: 'charset' });
    expect(validateUscc('91350100S000100Y43')).toMatchObject({ ok: false, reason: 'charset' });
    const badRegion = '9135A100M000100Y4';
    expect(validateUscc(badRegion + usccCheckChar(badRegion))).toMatchObject({ ok: false, reason: 'region' });
    expect(validateUscc('91350100M000100Y44')).toEqual({
      ok: false,
      reason: 'checksum',
      message: '统一社会信用代码校验位不正确',
    });
  });

  it('can check the region digits against the region dataset', () => {
    const body = '91999999MA78ABCD1';
    const code = body + usccCheckChar(body);
    expect(isUscc(code)).toBe(true);
    expect(validateUscc(code, { isRegion: isRegionCode })).toMatchObject({ ok: false, reason: 'region' });
    expect(validateUscc('91350100M000100Y43', { isRegion: isRegionCode }).ok).toBe(true);
  });
});
