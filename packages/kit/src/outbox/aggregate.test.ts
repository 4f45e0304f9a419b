import { toUpdate, withOutbox } from './aggregate';

describe('a decision written to MongoDB', () => {
  it('becomes one update: the patch as $set, the appends as $push $each, bounded lists sliced', () => {
    const u = toUpdate<{ status: string; history: string[]; commands: string[] }>({
      set: { status: 'closed' },
      append: { history: ['a', 'b'], commands: ['k'] },
      keepLast: { commands: 100 },
      events: [],
    });
    expect(u).toEqual({
      $set: { status: 'closed' },
      $push: { history: { $each: ['a', 'b'] }, commands: { $each: ['k'], $slice: -100 } },
    });
  });

  it('bumps the version and appends the outbox in the same update', () => {
    const u = withOutbox(toUpdate({ set: { status: 'x' }, events: [] }), [], 'evt-1') as Record<
      string,
      unknown
    >;
    expect(u).toMatchObject({
      $set: { status: 'x' },
      $inc: { version: 1 },
      $push: { processed: { $each: ['evt-1'] } },
    });
  });

  it('of no change only bumps the version', () => {
    expect(withOutbox(toUpdate({ events: [] }), [])).toEqual({ $inc: { version: 1 } });
  });
});
