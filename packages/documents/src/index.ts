export * from './kinds';
export * from './registry';
export * from './render';
export * from './queries';
