/**
 * A protobuf message as the REST contract shows it: every field present (also `false`, `0` and `''`, which
 * proto3 JSON would leave out), camelCase as ts-proto generates it, instants as ISO 8601, money (`…Fen`,
 * int64 on the wire) as JSON numbers of integer fen, and the internal optimistic `version` left out.
 */
export function view(message: object): Record<string, unknown> {
  return convert(message) as Record<string, unknown>;
}

function convert(value: unknown, key = ''): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => convert(v));
  if (key.endsWith('Fen') && typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'version' || v === undefined) continue;
    out[k] = convert(v, k);
  }
  return out;
}
