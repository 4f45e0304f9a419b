// The API's application/problem+json answers, mapped once for every form and page.

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
}

/** A refused or failed call, with what an official can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** Field path (as the form names it, e.g. `reporter.idNumber`) → message. */
    readonly fieldErrors: Record<string, string>,
    readonly problem?: Problem,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: '提交的内容有误，请检查标红的字段',
  401: '登录已过期，请重新登录',
  403: '您的角色无权执行此操作',
  404: '未找到（或不在您的辖区内）',
  409: '与当前状态冲突，请刷新后重试',
  413: '提交的内容过大',
  422: '不符合业务规则，无法办理',
  429: '请求过于频繁，请稍后再试',
  500: '系统内部错误，请稍后再试',
  502: '后端服务暂不可用，请稍后再试',
  503: '服务暂不可用，请稍后再试',
  504: '后端服务响应超时，请稍后再试',
};

/** `errors[].field` as the API writes it (`reporter.idNumber`, `workers[2].phone`, `body.x`) → a form path. */
export function normaliseField(field: string): string {
  return field
    .replace(/^(body|query|params)\./, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '');
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && 'status' in body;
}

/** Any answer that is not 2xx → ApiError; `body` is the parsed JSON (or text) the server sent. */
export function toApiError(status: number, body: unknown): ApiError {
  const problem = isProblem(body) ? body : undefined;
  const fieldErrors: Record<string, string> = {};
  for (const e of problem?.errors ?? []) {
    if (!e || typeof e.field !== 'string') continue;
    const key = normaliseField(e.field);
    fieldErrors[key] = fieldErrors[key] ? `${fieldErrors[key]}；${e.message}` : e.message;
  }
  const detail = (problem?.detail && problem.detail.trim()) || STATUS_TEXT[status] || `请求失败（${status}）`;
  return new ApiError(status, detail, fieldErrors, problem);
}

/** A network failure (no answer at all). */
export function networkError(cause: unknown): ApiError {
  const e = new ApiError(0, '无法连接服务器，请检查网络后重试', {});
  (e as { cause?: unknown }).cause = cause;
  return e;
}
