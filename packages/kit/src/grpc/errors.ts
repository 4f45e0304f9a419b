import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { DomainError, kindForGrpcStatus, type FieldError } from '../errors';

const FIELD_ERRORS_KEY = 'wage-field-errors-bin';

/** A domain error as a gRPC error: one status code, the detail, and field reasons in the trailers. */
export function toGrpcError(e: DomainError): Partial<ServiceError> {
  const metadata = new Metadata();
  if (e.errors.length > 0) metadata.set(FIELD_ERRORS_KEY, Buffer.from(JSON.stringify(e.errors), 'utf8'));
  return { code: e.grpcStatus, details: e.detail, metadata };
}

/** The reverse, on the client side: the same domain error the server threw. */
export function fromGrpcError(e: ServiceError): DomainError {
  let errors: FieldError[] = [];
  const raw = e.metadata?.get(FIELD_ERRORS_KEY)[0];
  if (Buffer.isBuffer(raw)) {
    try {
      errors = JSON.parse(raw.toString('utf8')) as FieldError[];
    } catch {
      errors = [];
    }
  }
  const kind = kindForGrpcStatus(e.code ?? status.UNKNOWN);
  return new DomainError(kind, e.details || e.message, errors);
}
