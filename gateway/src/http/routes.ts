import type { Express, NextFunction, Request, Response } from 'express';
import express from 'express';
import { z } from 'zod';
import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { redactDeep } from '@wage/pii';
import {
  ANONYMOUS_CALLER,
  annotateContext,
  bearerToken,
  DomainError,
  invalidArgument,
  permissionDenied,
  refusal,
  toProblem,
  unauthenticated,
  zodFieldErrors,
  type CallSettings,
  type FieldError,
  type Logger,
  type Principal,
} from '@wage/kit';
import { admits, type Rpc } from '@wage/proto';
import type { Authenticator } from '../auth';
import type { AuditEntry, AuditLog } from '../audit';
import { IdempotencyStore } from './idempotency';
import { checkRateLimit, clientBucket } from './rateLimit';
import type { Redis } from 'ioredis';
import { sendProblem, tooLarge } from './problem';
import { readSheet, XLSX, type SpreadsheetUpload } from './spreadsheet';

extendZodWithOpenApi(z);

/** The caller of a public endpoint (workers' self-service): no roles, no region. */
export const ANONYMOUS: Principal = ANONYMOUS_CALLER;

/**
 * A non-JSON answer (a CSV for publication, a PDF), sent as it is; personal data must already be masked by
 * whoever produced it (text bodies are redacted again; binary ones cannot be). `caseId` names the case for
 * the audit of an unmasked read.
 */
export class RawResponse {
  constructor(
    readonly contentType: string,
    readonly body: string | Buffer,
    readonly filename?: string,
    readonly caseId?: string,
  ) {}
}

/** An answer whose status depends on the outcome: a repeat gets 200 with the first answer, not 201. */
export class StatusResponse {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export interface RouteContext<P, Q, B> {
  principal: Principal;
  params: P;
  query: Q;
  body: B;
  req: Request;
  /** A `pii-reader` asked for unmasked personal data; the read is audited. */
  unmask: boolean;
  /** Settings for upstream calls: the caller's token, the idempotency key, the deadline. */
  call: CallSettings;
  /** Names the case a state change concerned, for the audit log (when the body or result does not). */
  auditCase(caseId: string): void;
  /** For a spreadsheet upload: the sheet row of each body row, so answers name the row seen in Excel. */
  sheetRows?: number[];
}

type AnyZodObject = z.ZodObject<z.ZodRawShape>;

export interface RouteSpec<P extends AnyZodObject, Q extends AnyZodObject, B extends z.ZodType> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI operationId when the one derived from method and path (see `operationId`) does not fit. */
  name?: string;
  /** OpenAPI-style path under /api/v1, e.g. `/clues/{id}`. */
  path: string;
  summary: string;
  tag: string;
  /**
   * The RPC the route calls: its declaration in @wage/proto `ACCESS` gives the roles allowed (403 for others)
   * or 'public' (no login, rate limited), the same roles the service enforces.
   */
  rpc: Rpc;
  params?: P;
  query?: Q;
  body?: B;
  response?: z.ZodType;
  status?: number;
  /** Creates or moves something: accepts `Idempotency-Key` and is audited. */
  command?: boolean;
  /** Largest accepted body (express notation), default 256kb. */
  bodyLimit?: string;
  /** Also accepts an .xlsx upload whose first sheet's rows become one field of the JSON body. */
  spreadsheet?: SpreadsheetUpload;
  handler: (ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown>;
}

export interface RouteDeps {
  logger: Logger;
  authenticate: Authenticator;
  idempotency: IdempotencyStore;
  audit: AuditLog;
  redis: Redis;
  publicRateLimit: number;
  /** Public submissions per county (the region code, or the project's public code) per minute. */
  publicCountyRateLimit: number;
  deadlineMs: number;
}

function parsePart<T extends z.ZodType>(
  schema: T | undefined,
  value: unknown,
  prefix: string,
  errors: FieldError[],
): z.infer<T> {
  if (!schema) return {} as z.infer<T>;
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  errors.push(...zodFieldErrors(r.error, prefix));
  return undefined as z.infer<T>;
}

/**
 * The gateway's conventions in one place: a route is declared once with its roles and schemas, and gets
 * authentication, role checks, field-level validation, idempotency, audit, personal-data masking, problem+json
 * errors and its OpenAPI description from that declaration.
 */
export class RouteTable {
  readonly registry = new OpenAPIRegistry();
  private readonly specs: Array<RouteSpec<AnyZodObject, AnyZodObject, z.ZodType>> = [];

  constructor(private readonly deps: RouteDeps) {
    this.registry.registerComponent('securitySchemes', 'bearer', {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  }

  add<P extends AnyZodObject, Q extends AnyZodObject, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): this {
    this.specs.push(spec as unknown as RouteSpec<AnyZodObject, AnyZodObject, z.ZodType>);
    const roles = spec.rpc.access.roles;
    const problem = {
      description: 'problem+json',
      content: { 'application/problem+json': { schema: z.object({}).passthrough() } },
    };
    this.registry.registerPath({
      method: spec.method,
      path: `/api/v1${spec.path}`,
      operationId: spec.name ?? operationId(spec.method, spec.path),
      summary: spec.summary,
      tags: [spec.tag],
      security: roles === 'public' ? [] : [{ bearer: [] }],
      description: roles === 'public' ? 'Public, rate limited.' : `Roles: ${roles.join(', ')}.`,
      request: {
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.body
          ? {
              body: {
                content: {
                  'application/json': { schema: spec.body },
                  ...(spec.spreadsheet
                    ? { [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } }
                    : {}),
                },
              },
            }
          : {}),
        ...(spec.command ? { headers: z.object({ 'Idempotency-Key': z.string().max(200).optional() }) } : {}),
      },
      responses: {
        [spec.status ?? 200]: {
          description: 'OK',
          ...(spec.response ? { content: { 'application/json': { schema: spec.response } } } : {}),
        },
        400: problem,
        401: problem,
        403: problem,
        404: problem,
        ...(spec.command ? { 409: problem, 422: problem } : {}),
      },
    });
    return this;
  }

  /** The declared routes with the RPC each calls (the route-table tests read them). */
  declared(): ReadonlyArray<{ method: string; path: string; rpc: Rpc; command?: boolean }> {
    return this.specs;
  }

  /** Whether the gateway lets a caller with these roles through to the route (before region and rules). */
  static admitsCaller(rpcOf: Rpc, roles: readonly string[]): boolean {
    return admits(rpcOf.access, roles, false);
  }

  mount(app: Express): void {
    for (const spec of this.specs) {
      const path = `/api/v1${spec.path.replace(/\{(\w+)\}/g, ':$1')}`;
      const json = express.json({ limit: spec.bodyLimit ?? '256kb', strict: false });
      const raw = express.raw({ type: XLSX, limit: spec.bodyLimit ?? '256kb' });
      const sheet = spec.spreadsheet;
      const parser = (req: Request, res: Response, next: (e?: unknown) => void) => {
        if (!sheet || !req.is(XLSX)) return json(req, res, next);
        raw(req, res, (e?: unknown) => {
          if (e) return next(e);
          readSheet(req.body as Buffer, sheet).then(({ rows, rowNumbers }) => {
            req.body = { [sheet.field]: rows };
            res.locals.sheetRows = rowNumbers;
            next();
          }, next);
        });
      };
      // Who may call, and how often, is settled before a byte of the body is read: an anonymous or
      // forbidden caller cannot make the gateway buffer or parse megabytes.
      const admit = (req: Request, res: Response, next: NextFunction) => {
        this.admit(spec, req, res).then(
          () => next(),
          (e: unknown) => {
            refuseUnreadBody(req, res);
            next(e);
          },
        );
      };
      const limitBytes = bodyBytes(spec.bodyLimit ?? '256kb');
      const parse = (req: Request, res: Response, next: NextFunction) => {
        // A declared length over the limit is refused unread (the parser would drain the body first).
        if (Number(req.get('content-length') ?? 0) > limitBytes) {
          refuseUnreadBody(req, res);
          next(tooLarge());
          return;
        }
        parser(req, res, (e?: unknown) => {
          if (e) refuseUnreadBody(req, res);
          next(e);
        });
      };
      app[spec.method](path, admit, parse, (req: Request, res: Response, next: NextFunction) => {
        this.handle(spec, req, res).catch(next);
      });
    }
  }

  openapi(): unknown {
    return new OpenApiGeneratorV31(this.registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: {
        title: 'Wage platform gateway',
        version: '1.0.0',
        description:
          'Public REST contract of the cross-agency wage platform (根治欠薪). Errors are application/problem+json.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: '/' }],
    });
  }

  private async authenticate(
    spec: RouteSpec<AnyZodObject, AnyZodObject, z.ZodType>,
    req: Request,
  ): Promise<Principal> {
    const { access } = spec.rpc;
    if (access.roles === 'public') return ANONYMOUS;
    const token = bearerToken(req.get('authorization'));
    if (!token) throw unauthenticated('缺少访问令牌 (missing bearer token)');
    const principal = await this.deps.authenticate(token);
    // Service accounts are not admitted here: they call the services directly.
    if (!RouteTable.admitsCaller(spec.rpc, principal.roles)) {
      // A refused attempt to change something is itself worth auditing: who tried, from where.
      if (spec.command) await this.auditCommand(spec, req, principal, undefined, '403 permission_denied');
      throw permissionDenied(refusal(access));
    }
    return principal;
  }

  /** Authentication, the role check and the public rate limit: everything that needs no body. */
  private async admit(
    spec: RouteSpec<AnyZodObject, AnyZodObject, z.ZodType>,
    req: Request,
    res: Response,
  ): Promise<void> {
    const principal = await this.authenticate(spec, req);
    res.locals.principal = principal;
    annotateContext({ actor: principal.username });
    if (spec.rpc.access.roles === 'public') {
      await checkRateLimit(
        this.deps.redis,
        `client:${spec.path}:${clientBucket(req.ip)}`,
        this.deps.publicRateLimit,
      );
    }
  }

  private async handle(
    spec: RouteSpec<AnyZodObject, AnyZodObject, z.ZodType>,
    req: Request,
    res: Response,
  ): Promise<void> {
    const principal = res.locals.principal as Principal;
    const errors: FieldError[] = [];
    const params = parsePart(spec.params, req.params, '', errors);
    const { unmask: unmaskParam, ...restQuery } = req.query as Record<string, unknown>;
    const query = parsePart(spec.query, restQuery, '', errors);
    const body = spec.body ? parsePart(spec.body, req.body, '', errors) : undefined;
    if (errors.length) throw invalidArgument('请求参数有误', errors);
    const county = spec.rpc.access.roles === 'public' ? countyOf(body) : undefined;
    if (county && spec.method !== 'get') {
      // Many clients filing for one county (a botnet, or a campaign of fakes) is limited as a whole.
      await checkRateLimit(this.deps.redis, `county:${spec.path}:${county}`, this.deps.publicCountyRateLimit);
    }
    const unmask = unmaskParam === 'true';
    if (unmask && !principal.roles.includes('pii-reader'))
      throw permissionDenied('查看完整个人信息需要 pii-reader 角色');
    if (unmask) readUnmaskReason(req); // refused before anything is read

    const key = spec.command ? req.get('idempotency-key') : undefined;
    if (key !== undefined && (key.length === 0 || key.length > 200)) {
      throw invalidArgument('Idempotency-Key 无效', [
        { field: 'Idempotency-Key', message: '应为1–200个字符' },
      ]);
    }
    let auditCaseId: string | undefined;
    const recordId = key
      ? IdempotencyStore.recordId(principal.subject, spec.method, req.path, key)
      : undefined;
    if (recordId) {
      const outcome = await this.deps.idempotency.begin(recordId, IdempotencyStore.bodyHash(body));
      if (outcome.kind === 'replay') {
        res.status(outcome.status).json(outcome.response);
        return;
      }
    }
    if (spec.command) {
      // Fail closed: the intent is on the record before anything moves, or nothing moves at all.
      try {
        await this.deps.audit.append(this.auditEntry(spec, req, principal, bodyCase(body), 'pending'));
      } catch (e) {
        this.deps.logger.error({ err: e }, 'audit intent could not be written; command refused');
        if (recordId) await this.deps.idempotency.abandon(recordId).catch(() => undefined);
        throw new DomainError(
          'unavailable',
          '审计日志暂不可写，操作未执行 (audit log unavailable; nothing was done)',
        );
      }
    }
    const ctx: RouteContext<unknown, unknown, unknown> = {
      principal,
      params,
      query,
      body,
      req,
      unmask,
      call: {
        token: principal.token,
        deadlineMs: this.deps.deadlineMs,
        ...(key ? { idempotencyKey: key } : {}),
      },
      auditCase: (caseId) => (auditCaseId = caseId),
      ...(res.locals.sheetRows ? { sheetRows: res.locals.sheetRows as number[] } : {}),
    };
    let status = spec.status ?? 200;
    let payload: unknown;
    try {
      payload = await spec.handler(ctx as never);
    } catch (caught) {
      let e = caught;
      // A command the upstream did not answer in time may still take effect there: the answer says so
      // and how to learn the outcome. The retry with the same key reaches the service with that key,
      // which names the same aggregate, so it returns the first result instead of doing it twice.
      if (spec.command && e instanceof DomainError && e.kind === 'deadline_exceeded') {
        if (key) res.set('Idempotency-Key', key);
        e = new DomainError(
          'deadline_exceeded',
          key
            ? '服务未在时限内答复，请求可能已经生效：请用同一 Idempotency-Key 重试，重试将返回首次处理的结果 (retry with the same Idempotency-Key)'
            : '服务未在时限内答复，请求可能已经生效：请先查询结果再决定是否重新提交；提交时带上 Idempotency-Key，超时后用同一键重试即可安全得到首次结果 (send an Idempotency-Key and retry with it)',
          e.errors,
        );
      }
      const err = e instanceof DomainError ? e : undefined;
      if (recordId) {
        // A refusal is an answer (the same retry gets it again); an outage is not.
        if (err && err.httpStatus < 500)
          await this.deps.idempotency.finish(recordId, err.httpStatus, toProblem(err));
        else await this.deps.idempotency.abandon(recordId);
      }
      if (spec.command)
        await this.auditCommand(
          spec,
          req,
          principal,
          bodyCase(body) ?? auditCaseId,
          err ? `${err.httpStatus} ${err.kind}` : '500 internal',
        );
      throw e;
    }
    if (payload instanceof StatusResponse) {
      status = payload.status;
      payload = payload.body;
    }
    if (payload instanceof RawResponse) {
      if (unmask) await this.auditUnmask(req, res, principal, payload.caseId, status);
      if (payload.filename) res.attachment(payload.filename);
      const body = typeof payload.body === 'string' ? redactDeep(payload.body) : payload.body;
      res.status(status).type(payload.contentType).send(body);
      return;
    }
    // Personal data leaves masked unless an authorised reader asked for it (and that read is audited).
    const response = unmask ? payload : redactDeep(payload);
    if (recordId) await this.deps.idempotency.finish(recordId, status, response);
    if (spec.command)
      await this.auditCommand(
        spec,
        req,
        principal,
        auditCaseId ?? resultCase(payload) ?? bodyCase(body),
        String(status),
      );
    if (unmask) await this.auditUnmask(req, res, principal, resultCase(payload), status);
    if (payload === undefined) status = 204;
    res.status(status).json(response);
  }

  private async auditUnmask(
    req: Request,
    res: Response,
    principal: Principal,
    caseId: string | undefined,
    status: number,
  ): Promise<void> {
    const reason = readUnmaskReason(req);
    await this.deps.audit.append({
      at: new Date(),
      actor: principal.username,
      agency: principal.agency,
      region: principal.region,
      action: 'pii.unmask',
      ...(caseId ? { caseId } : {}),
      ...(reason ? { reason } : {}),
      target: req.originalUrl,
      result: String(status),
      requestId: String(res.locals.requestId ?? ''),
    });
  }

  private async auditCommand(
    spec: RouteSpec<AnyZodObject, AnyZodObject, z.ZodType>,
    req: Request,
    principal: Principal,
    caseId: string | undefined,
    result: string,
  ): Promise<void> {
    try {
      await this.deps.audit.append(this.auditEntry(spec, req, principal, caseId, result));
    } catch (e) {
      // The outcome of a command whose intent is on record, or a refusal that changed nothing.
      this.deps.logger.error({ err: e }, 'audit append failed');
    }
  }

  private auditEntry(
    spec: RouteSpec<AnyZodObject, AnyZodObject, z.ZodType>,
    req: Request,
    principal: Principal,
    caseId: string | undefined,
    result: string,
  ): AuditEntry {
    return {
      at: new Date(),
      actor: principal.username,
      agency: principal.agency,
      region: principal.region,
      action: `${spec.method.toUpperCase()} ${spec.path}`,
      ...(caseId ? { caseId } : {}),
      target: req.path,
      result,
      requestId: String(req.res?.locals.requestId ?? ''),
    };
  }
}

/** Bytes of a limit in express notation ('256kb', '5mb'). */
export function bodyBytes(limit: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(limit.trim());
  if (!m) throw new Error(`body limit ${limit}: use b, kb or mb`);
  return Number(m[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[m[2]!.toLowerCase() as 'b' | 'kb' | 'mb'];
}

/**
 * A request refused with its body still unread: answer, then close the connection instead of draining
 * what the client is still sending.
 */
function refuseUnreadBody(req: Request, res: Response): void {
  if (!req.complete && !res.headersSent) res.setHeader('connection', 'close');
}

function countyOf(body: unknown): string | undefined {
  const b = body as { regionCode?: unknown; publicCode?: unknown } | undefined;
  const v = b?.regionCode ?? b?.publicCode;
  return typeof v === 'string' && v ? v : undefined;
}

/**
 * A stable operationId from method and path, so generated clients keep their names while routes are edited:
 * `post /inspection/cases/{id}/deposit-draws` → `postInspectionCasesByIdDepositDraws`.
 */
export function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .flatMap((seg) => {
      const param = /^\{(\w+)\}$/.exec(seg);
      return param ? ['by', param[1]!] : seg.split(/[-_]/);
    });
  return method + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function resultCase(payload: unknown): string | undefined {
  const c = (payload as { caseId?: unknown } | undefined)?.caseId;
  return typeof c === 'string' && c ? c : undefined;
}

function bodyCase(body: unknown): string | undefined {
  return resultCase(body);
}

export { sendProblem, DomainError };

/** The reason a pii-reader gave for unmasking (`X-Unmask-Reason`, percent-encoded since headers are ASCII). */
function readUnmaskReason(req: Request): string | undefined {
  const raw = req.get('x-unmask-reason');
  if (raw === undefined) return undefined;
  let reason: string;
  try {
    reason = decodeURIComponent(raw).trim();
  } catch {
    reason = '';
  }
  if (reason.length === 0 || reason.length > 200)
    throw invalidArgument('请求参数有误', [
      { field: 'X-Unmask-Reason', message: '查看原因须为 1–200 个字符（URL 编码）' },
    ]);
  return reason;
}
