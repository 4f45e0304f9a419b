import { status as GrpcStatus } from '@grpc/grpc-js';

// The error model lives in the dependency-free domain package so domain files can throw it; the kit adds
// the translations that need gRPC and HTTP.
import { ERROR_KINDS, type DomainError, type ErrorKind, type FieldError } from '@wage/domain';

export {
  ERROR_KINDS,
  DomainError,
  invalidArgument,
  notFound,
  alreadyExists,
  conflict,
  ruleViolation,
  permissionDenied,
  unauthenticated,
  unavailable,
  isDomainError,
  type ErrorKind,
  type FieldError,
} from '@wage/domain';

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

/**
 * The failed writes of an unordered bulk write when every one of them is a duplicate key (the documents
 * existed already, the others went in); null when the error is anything else, which the caller rethrows.
 */
export function duplicateKeyWrites(e: unknown): Array<{ index: number }> | null {
  const raw = (e as { writeErrors?: unknown }).writeErrors;
  const errors = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<{ code?: number; index: number }>;
  return errors.length > 0 && errors.every(isDuplicateKey) ? errors : null;
}
