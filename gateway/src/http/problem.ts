import type { ErrorRequestHandler, Response } from 'express';
import { DomainError, invalidArgument, toProblem, type Logger } from '@wage/kit';

export function sendProblem(res: Response, e: DomainError): void {
  res.status(e.httpStatus).type('application/problem+json').json(toProblem(e));
}

export function tooLarge(): DomainError {
  return new DomainError('payload_too_large', '请求体过大 (request body too large)', [
    { field: '(body)', message: '请求体过大' },
  ]);
}

/** Every error leaves as problem+json: domain errors as they are, parser errors as 400/413, the rest as 500. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof DomainError) return sendProblem(res, err);
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed')
      return sendProblem(
        res,
        invalidArgument('请求体不是有效的 JSON', [{ field: '(body)', message: '不是有效的 JSON' }]),
      );
    if (e.type === 'entity.too.large') return sendProblem(res, tooLarge());
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendProblem(
        res,
        invalidArgument(e.message ?? '请求无效', [{ field: '(body)', message: e.message ?? 'invalid' }]),
      );
    }
    logger.error({ err }, 'unhandled error');
    sendProblem(res, new DomainError('internal', '内部错误，请稍后重试 (internal error)'));
  };
}
