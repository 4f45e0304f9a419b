import { eventCodec, isKnownEventType } from './events';
import { Route } from './gen/wage/intake/v1/events';

describe('event registry', () => {
  it('round-trips a routed case through its protobuf codec, keeping fen exact beyond 2^53', () => {
    const codec = eventCodec('intake.CaseRouted.v1');
    const original = codec.fromPartial({
      caseId: 'c-1',
      route: Route.ROUTE_INSPECTION,
      amountFen: '9007199254740993',
      employer: { name: '某建筑公司', uscc: '91652301MA77XXXXXX' },
    });
    const decoded = codec.decode(codec.encode(original).finish());
    expect(decoded.amountFen).toBe('9007199254740993');
    expect(decoded.route).toBe(Route.ROUTE_INSPECTION);
    expect(decoded.employer?.name).toBe('某建筑公司');
  });

  it('knows only the registered, versioned event types', () => {
    expect(isKnownEventType('intake.CaseRouted.v1')).toBe(true);
    expect(isKnownEventType('intake.CaseRouted.v2')).toBe(false);
    expect(isKnownEventType('constructor')).toBe(false);
  });
});
