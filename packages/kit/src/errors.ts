import { status as GrpcStatus } from '@grpc/grpc-js';

/** One field-level reason, as shown in problem+json `errors` and carried in gRPC trailers. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one error model of the platform: a typed domain error maps to exactly one gRPC status and one HTTP
 * status. Services throw these; the gRPC server, the gRPC client and the gateway translate them.
 */
export const ERROR_KINDS = {
  invalid_argument: { grpc: GrpcStatus.INVALID_ARGUMENT, http: 400, title: 'Invalid request' },
  unauthenticated: { grpc: GrpcStatus.UNAUTHENTICATED, http: 401, title: 'Authentication required' },
  permission_denied: { grpc: GrpcStatus.PERMISSION_DENIED, http: 403, title: 'Not allowed' },
  not_found: { grpc: GrpcStatus.NOT_FOUND, http: 404, title: 'Not found' },
  already_exists: { grpc: GrpcStatus.ALREADY_EXISTS, http: 409, title: 'Already exists' },
  conflict: { grpc: GrpcStatus.ABORTED, http: 409, title: 'Concurrent modification' },
  rule_violation: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 422, title: 'Refused by a business rule' },
  payload_too_large: { grpc: GrpcStatus.RESOURCE_EXHAUSTED, http: 413, title: 'Payload too large' },
  resource_exhausted: { grpc: GrpcStatus.RESOURCE_EXHAUSTED, http: 429, title: 'Too many requests' },
  unavailable: { grpc: GrpcStatus.UNAVAILABLE, http: 503, title: 'Service unavailable' },
  deadline_exceeded: { grpc: GrpcStatus.DEADLINE_EXCEEDED, http: 504, title: 'Upstream timeout' },
  internal: { grpc: GrpcStatus.INTERNAL, http: 500, title: 'Internal error' },
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

  get grpcStatus(): GrpcStatus {
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

const byGrpc = new Map<number, ErrorKind>(
  (Object.entries(ERROR_KINDS) as Array<[ErrorKind, (typeof ERROR_KINDS)[ErrorKind]]>).map(([k, v]) => [
    v.grpc,
    k,
  ]),
);

export function kindForGrpcStatus(code: number): ErrorKind {
  if (code === GrpcStatus.OUT_OF_RANGE) return 'invalid_argument';
  if (code === GrpcStatus.CANCELLED) return 'unavailable';
  return byGrpc.get(code) ?? 'internal';
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** RFC 9457 problem details, the gateway's error body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
}

export function toProblem(e: DomainError): Problem {
  return {
    type: `urn:wage:problem:${e.kind.replace(/_/g, '-')}`,
    title: ERROR_KINDS[e.kind].title,
    status: e.httpStatus,
    detail: e.detail,
    errors: e.errors,
  };
}

/** A unique index refused an insert: the thing exists already (Mongo E11000). */
export const isDuplicateKey = (e: unknown): boolean => (e as { code?: number }).code === 11000;
