export * from './infra';
export * from './serviceProcess';
export * from './tokens';
export * from './assertions';
export * from './pdf';
