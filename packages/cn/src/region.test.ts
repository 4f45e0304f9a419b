import {
  ancestry,
  childRegions,
  countyOf,
  isRegionCode,
  isWithin,
  parentRegion,
  prefectureOf,
  provinceOf,
  regionLevel,
  regionName,
} from './region';

describe('GB/T 2260 regions', () => {
  it.each([
    ['650000', '新疆维吾尔自治区', 'province'],
    ['652300', '昌吉回族自治州', 'prefecture'],
    ['652301', '昌吉市', 'county'],
    ['620000', '甘肃省', 'province'],
    ['620100', '兰州市', 'prefecture'],
    ['620102', '城关区', 'county'],
    ['330000', '浙江省', 'province'],
    ['330100', '杭州市', 'prefecture'],
    ['330102', '上城区', 'county'],
  ])('knows %s %s at %s level', (code, name, level) => {
    expect(isRegionCode(code)).toBe(true);
    expect(regionName(code)).toBe(name);
    expect(regionLevel(code)).toBe(level);
  });

  it('rejects codes that are not 6-digit dataset codes', () => {
    for (const code of ['65', '6523', '652399', '999999', '6523010', ''])
      expect(isRegionCode(code)).toBe(false);
    expect(regionName('652399')).toBeUndefined();
    expect(regionLevel('652399')).toBeUndefined();
  });

  it('walks up from a county to its province', () => {
    expect(parentRegion('652301')).toBe('652300');
    expect(parentRegion('652300')).toBe('650000');
    expect(parentRegion('650000')).toBeUndefined();
    expect(ancestry('620102')).toEqual(['620102', '620100', '620000']);
    expect(ancestry('123456')).toEqual([]);
  });

  it('decides what a region sees: itself and everything below', () => {
    expect(isWithin('652301', '652301')).toBe(true);
    expect(isWithin('652301', '652300')).toBe(true);
    expect(isWithin('652301', '650000')).toBe(true);
    expect(isWithin('652300', '652301')).toBe(false); // a county does not see its prefecture
    expect(isWithin('620102', '650000')).toBe(false);
    expect(isWithin('652301', '652800')).toBe(false); // a neighbouring prefecture
  });

  it('finds the province, prefecture and county of a code', () => {
    expect(provinceOf('652301')).toBe('650000');
    expect(provinceOf('650000')).toBe('650000');
    expect(prefectureOf('330102')).toBe('330100');
    expect(prefectureOf('330000')).toBeUndefined();
    expect(countyOf('652301')).toBe('652301');
    expect(countyOf('652301001')).toBe('652301'); // a township code
    expect(countyOf('652300')).toBeUndefined();
  });

  it('keeps a prefecture without counties (东莞市) at prefecture level', () => {
    expect(regionLevel('441900')).toBe('prefecture');
    expect(parentRegion('441900')).toBe('440000');
  });

  it('places county-level cities under the province-administered pseudo-prefecture', () => {
    // 石河子市 is administered directly by Xinjiang; the dataset files it under 659000.
    expect(regionName('659001')).toBe('石河子市');
    expect(isWithin('659001', '650000')).toBe(true);
  });

  it('lists the children of a prefecture', () => {
    expect(childRegions('652300')).toContain('652301');
    expect(childRegions('652300').every((c) => c.startsWith('6523'))).toBe(true);
  });
});
