export * from './fieldCipher';
export * from './keyedHash';
export * from './mask';
export * from './redact';
export * from './secretKey';
