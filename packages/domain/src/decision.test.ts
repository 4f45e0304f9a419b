import { applyDecision, mergeDecisions, NO_CHANGE, type Decision } from './decision';
import { idempotent, COMMANDS_KEPT, type CommandRecord } from './commands';
import { DomainError } from './errors';

interface Case {
  status: string;
  amountFen: number;
  history: string[];
  commands: CommandRecord[];
}
const base: Case = { status: 'open', amountFen: 100, history: ['opened'], commands: [] };

describe('a decision', () => {
  it('leaves the patched fields and the appended items, and nothing else changes', () => {
    const d: Decision<Case> = { set: { status: 'closed' }, append: { history: ['closed'] }, events: [] };
    expect(applyDecision(base, d)).toEqual({ ...base, status: 'closed', history: ['opened', 'closed'] });
    expect(base.history).toEqual(['opened']);
  });

  it('merged after another keeps both appends in order and the later value of a field', () => {
    const a: Decision<Case> = { set: { status: 'a', amountFen: 1 }, append: { history: ['a'] }, events: [] };
    const b: Decision<Case> = { set: { status: 'b' }, append: { history: ['b'] }, events: [] };
    expect(applyDecision(base, mergeDecisions(a, b))).toMatchObject({
      status: 'b',
      amountFen: 1,
      history: ['opened', 'a', 'b'],
    });
  });
});

describe('an idempotent command', () => {
  const decide = idempotent<Case>('k', 'fp', new Date('2026-01-01T00:00:00Z'), () => ({
    set: { status: 'done' },
    events: [],
  }));

  it('records its key in the same decision, keeping only the most recent records', () => {
    const full = Array.from({ length: COMMANDS_KEPT }, (_, i) => ({
      key: `o${i}`,
      fingerprint: 'x',
      at: new Date(),
    }));
    const d = decide({ ...base, commands: full });
    if (d instanceof Error) throw d;
    const after = applyDecision({ ...base, commands: full }, d);
    expect(after.status).toBe('done');
    expect(after.commands).toHaveLength(COMMANDS_KEPT);
    expect(after.commands.at(-1)!.key).toBe('k');
    expect(after.commands[0]!.key).toBe('o1');
  });

  it('answers a retry with no change and refuses the key reused for another request', () => {
    const seen = { ...base, commands: [{ key: 'k', fingerprint: 'fp', at: new Date() }] };
    expect(decide(seen)).toBe(NO_CHANGE);
    const other = decide({ ...base, commands: [{ key: 'k', fingerprint: 'other', at: new Date() }] });
    expect(other).toBeInstanceOf(DomainError);
    expect((other as DomainError).kind).toBe('rule_violation');
  });
});
