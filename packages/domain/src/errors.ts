/** One field-level reason, as shown in problem+json `errors` and carried in gRPC trailers. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one error model of the platform: a typed domain error maps to exactly one gRPC status and one HTTP
 * status. Services throw these; the gRPC server, the gRPC client and the gateway translate them. The gRPC
 * codes are the numbers of the gRPC specification, so this table needs no gRPC library.
 */
export const ERROR_KINDS = {
  invalid_argument: { grpc: 3, http: 400, title: 'Invalid request' },
  unauthenticated: { grpc: 16, http: 401, title: 'Authentication required' },
  permission_denied: { grpc: 7, http: 403, title: 'Not allowed' },
  not_found: { grpc: 5, http: 404, title: 'Not found' },
  already_exists: { grpc: 6, http: 409, title: 'Already exists' },
  conflict: { grpc: 10, http: 409, title: 'Concurrent modification' },
  rule_violation: { grpc: 9, http: 422, title: 'Refused by a business rule' },
  payload_too_large: { grpc: 8, http: 413, title: 'Payload too large' },
  resource_exhausted: { grpc: 8, http: 429, title: 'Too many requests' },
  unavailable: { grpc: 14, http: 503, title: 'Service unavailable' },
  deadline_exceeded: { grpc: 4, http: 504, title: 'Upstream timeout' },
  internal: { grpc: 13, http: 500, title: 'Internal error' },
} as const;

export type ErrorKind = keyof typeof ERROR_KINDS;

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** What an official can act on; may be Chinese. */
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
    this.name = 'DomainError';
  }

  get httpStatus(): number {
    return ERROR_KINDS[this.kind].http;
  }

  get grpcStatus(): number {
    return ERROR_KINDS[this.kind].grpc;
  }
}

export const invalidArgument = (detail: string, errors: FieldError[] = []) =>
  new DomainError('invalid_argument', detail, errors);
export const notFound = (detail: string) => new DomainError('not_found', detail);
export const alreadyExists = (detail: string) => new DomainError('already_exists', detail);
export const conflict = (detail: string) => new DomainError('conflict', detail);
export const ruleViolation = (detail: string, errors: FieldError[] = []) =>
  new DomainError('rule_violation', detail, errors);
export const permissionDenied = (detail: string) => new DomainError('permission_denied', detail);
export const unauthenticated = (detail: string) => new DomainError('unauthenticated', detail);
export const unavailable = (detail: string) => new DomainError('unavailable', detail);

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
