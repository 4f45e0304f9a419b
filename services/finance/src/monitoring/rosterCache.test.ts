import { RosterCache } from './ingestion';

describe('roster cache', () => {
  it('knows only what it was told, per project', () => {
    const c = new RosterCache();
    c.add('p1', ['a', 'b']);
    expect(c.unknown('p1', ['a', 'b', 'c'])).toEqual(['c']);
    expect(c.unknown('p2', ['a'])).toEqual(['a']); // another project's roster is another roster
  });

  it('starts over past its bound rather than growing without limit', () => {
    const c = new RosterCache(3);
    c.add('p1', ['a', 'b', 'c']);
    expect(c.unknown('p1', ['a', 'b', 'c'])).toEqual([]);
    c.add('p2', ['x']);
    expect(c.unknown('p1', ['a'])).toEqual(['a']); // forgotten: looked up again, never refused from the cache
    expect(c.unknown('p2', ['x'])).toEqual([]);
  });
});
