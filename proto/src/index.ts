// Contracts of the platform. Generated code lives in src/gen (never edited by hand); this file gives each
// protobuf package one namespace and keeps the registry of integration events.
export * as common from './gen/wage/common/v1/types';
export * as health from './gen/grpc/health/v1/health';
export { Envelope } from './gen/wage/events/v1/envelope';
export * as intake from './intake';
export * as inspection from './inspection';
export * as mediation from './mediation';
export * as finance from './finance';
export * as credit from './credit';
export { EVENTS, eventCodec, isKnownEventType } from './events';
export type { EventType, EventPayload, EventCodec } from './events';
export * as queries from './gen/wage/common/v1/queries';
export { ACCESS, PLANNED_ACCESS, accessOf, admits, rpc } from './access';
export type { Access, MethodName, Rpc, ServiceName } from './access';
