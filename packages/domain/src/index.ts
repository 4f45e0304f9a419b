// What a service's domain folder may import besides its own files, @wage/cn and the proto contract:
// no I/O, no database, no transport.
export * from './errors';
export * from './events';
export * from './decision';
export * from './commands';
