import { createHash } from 'node:crypto';

/**
 * 双随机、一公开: projects and inspectors are drawn at random, reproducibly from a recorded seed, so anyone
 * can audit the draw by running it again. The candidates are sorted first, so the result depends only on
 * the seed and the candidate sets, never on the order a database returned them in.
 */

/** mulberry32 seeded from the SHA-256 of the seed text: small, fast and the same on every platform. */
export function seededRandom(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32BE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct items drawn from `candidates` (partial Fisher–Yates over the sorted candidates). */
export function drawSample<T>(
  candidates: readonly T[],
  count: number,
  random: () => number,
  key: (t: T) => string,
): T[] {
  const pool = [...candidates].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

export interface PlanDraw<P> {
  projects: P[];
  inspectors: string[];
  /** Each project with the inspectors (two where there are enough) who inspect it. */
  inspections: Array<{ project: P; inspectors: string[] }>;
}

/** Draws the projects first, then the inspectors, then pairs inspectors to projects, all from one seed. */
export function drawPlan<P>(
  seed: string,
  projects: readonly P[],
  projectKey: (p: P) => string,
  inspectors: readonly string[],
  counts: { projects: number; inspectors: number },
): PlanDraw<P> {
  const random = seededRandom(seed);
  const drawnProjects = drawSample(projects, counts.projects, random, projectKey);
  const drawnInspectors = drawSample([...new Set(inspectors)], counts.inspectors, random, (s) => s);
  const perProject = Math.min(2, drawnInspectors.length);
  const inspections = drawnProjects.map((project, i) => ({
    project,
    inspectors: Array.from(
      { length: perProject },
      (_, k) => drawnInspectors[(i * perProject + k) % drawnInspectors.length]!,
    ),
  }));
  return { projects: drawnProjects, inspectors: drawnInspectors, inspections };
}
