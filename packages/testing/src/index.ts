export * from './infra';
export * from './serviceProcess';
export * from './tokens';
export * from './assertions';
export * from './asGateway';
export * from './pdf';
