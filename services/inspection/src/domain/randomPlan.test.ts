import { drawPlan, drawSample, seededRandom } from './randomPlan';

const projects = Array.from({ length: 40 }, (_, i) => ({ id: `p-${String(i).padStart(2, '0')}` }));
const inspectors = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('random inspection plans (双随机)', () => {
  it('draws the same projects and inspectors again from the recorded seed', () => {
    const one = drawPlan('2026-Q1-652301', projects, (p) => p.id, inspectors, { projects: 5, inspectors: 3 });
    const two = drawPlan('2026-Q1-652301', [...projects].reverse(), (p) => p.id, [...inspectors].reverse(), {
      projects: 5,
      inspectors: 3,
    });
    expect(two).toEqual(one);
    expect(one.projects).toHaveLength(5);
    expect(new Set(one.projects.map((p) => p.id)).size).toBe(5);
    expect(one.inspectors).toHaveLength(3);
  });

  it('draws differently from another seed', () => {
    const one = drawPlan('seed-1', projects, (p) => p.id, inspectors, { projects: 5, inspectors: 3 });
    const two = drawPlan('seed-2', projects, (p) => p.id, inspectors, { projects: 5, inspectors: 3 });
    expect(two.projects.map((p) => p.id)).not.toEqual(one.projects.map((p) => p.id));
  });

  it('never draws more than there are', () => {
    expect(drawSample(['x', 'y'], 5, seededRandom('s'), (s) => s).sort()).toEqual(['x', 'y']);
  });

  it('spreads draws over every candidate', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++)
      for (const p of drawSample(projects, 2, seededRandom(`s${i}`), (x) => x.id)) seen.add(p.id);
    expect(seen.size).toBe(projects.length);
  });
});
