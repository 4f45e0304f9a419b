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
  regionAndBelow,
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

  describe('ancestry follows the data, never a code prefix', () => {
    it('keeps a county ending in 0 from covering its neighbour (130110 鹿泉区, 130111 栾城区)', () => {
      expect(isWithin('130111', '130110')).toBe(false);
      expect(isWithin('130110', '130111')).toBe(false);
      expect(isWithin('659011', '659010')).toBe(false); // 胡杨河市 and 新星市, both under 659000
      expect(isWithin('130111', '130100')).toBe(true);
    });

    it('lets a province cover a county two levels down: 650000 covers 652301', () => {
      expect(isWithin('652301', '650000')).toBe(true);
    });

    it('lets a prefecture cover its counties only: 652300 covers 652301, not 653101', () => {
      expect(isWithin('652301', '652300')).toBe(true);
      expect(isWithin('653101', '652300')).toBe(false); // 喀什市 under 653100 喀什地区
      expect(isWithin('653101', '650000')).toBe(true);
    });

    it('places municipalities’ districts under the municipality and its 市辖区/县 level', () => {
      expect(isWithin('110101', '110000')).toBe(true); // 东城区 in 北京市
      expect(isWithin('110101', '110100')).toBe(true);
      expect(isWithin('110101', '120000')).toBe(false); // not in 天津市
      expect(isWithin('500229', '500200')).toBe(true); // 城口县 under 重庆 县
      expect(isWithin('500229', '500100')).toBe(false); // not under 重庆 市辖区
      expect(isWithin('500229', '500000')).toBe(true);
    });

    it('places province-administered county-level cities under their pseudo-prefecture only', () => {
      expect(isWithin('429004', '429000')).toBe(true); // 仙桃市
      expect(isWithin('429004', '420000')).toBe(true);
      expect(isWithin('429004', '420100')).toBe(false); // not 武汉市
      expect(isWithin('419001', '410000')).toBe(true); // 济源市
      expect(isWithin('659001', '652300')).toBe(false); // 石河子市 is not in 昌吉州
    });

    it('treats a prefecture without counties (东莞市 441900) as its own leaf', () => {
      expect(isWithin('441900', '441900')).toBe(true);
      expect(isWithin('441900', '440000')).toBe(true);
      expect(isWithin('441900', '441800')).toBe(false);
      expect(regionAndBelow('441900')).toEqual(['441900']);
    });

    it('gives an unknown code nothing: within nothing, covering nothing, not even itself', () => {
      for (const unknown of ['652399', '999999', '6523', '', '65230100'])
        for (const known of ['650000', '652300', '652301']) {
          expect(isWithin(unknown, known)).toBe(false);
          expect(isWithin(known, unknown)).toBe(false);
        }
      expect(isWithin('652399', '652399')).toBe(false);
      expect(regionAndBelow('652399')).toEqual([]);
      expect(regionAndBelow('')).toEqual([]);
    });

    it('lists a region and everything below it, exactly what isWithin accepts', () => {
      const changji = regionAndBelow('652300');
      expect(changji[0]).toBe('652300');
      expect(changji).toContain('652301');
      expect(changji).not.toContain('653101');
      expect(regionAndBelow('130110')).toEqual(['130110']);
      const xinjiang = regionAndBelow('650000');
      expect(xinjiang).toEqual(expect.arrayContaining(['650000', '652300', '652301', '659000', '659001']));
      for (const code of xinjiang) expect(isWithin(code, '650000')).toBe(true);
      expect(regionAndBelow('110000')).toEqual(expect.arrayContaining(['110000', '110100', '110101']));
    });
  });
});
