import { consumerGroupIds } from './runtime';

describe('consumerGroupIds', () => {
  it('gives a single consumer the service group', () => {
    expect(consumerGroupIds([{ topics: ['a', 'b'] }], 'intake')).toEqual(['intake']);
  });

  it('keeps explicit groups apart from the default', () => {
    expect(
      consumerGroupIds([{ topics: ['a'] }, { topics: ['b'], groupId: 'intake-replay' }], 'intake'),
    ).toEqual(['intake', 'intake-replay']);
  });

  it("refuses two consumers in one group, which would take each other's partitions", () => {
    expect(() => consumerGroupIds([{ topics: ['a'] }, { topics: ['b'] }], 'intake')).toThrow(
      /share the consumer group "intake"/,
    );
    expect(() =>
      consumerGroupIds(
        [
          { topics: ['a'], groupId: 'x' },
          { topics: ['b'], groupId: 'x' },
        ],
        'intake',
      ),
    ).toThrow(/"x"/);
  });
});
