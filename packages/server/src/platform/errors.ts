// One error type and one handler that turns every failure into RFC 9457 problem details.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodError } from 'zod';
import { translate, type Lang } from '@kehu/shared';

export interface FieldError {
  path: string;
  key: string;
  /** extra parameters for the default zod messages */
  issue?: z.core.$ZodIssue;
}

export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly fieldErrors: FieldError[] = [],
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export const notFound = (code = 'NOT_FOUND') => new AppError(404, code);
export const forbidden = (code = 'FORBIDDEN') => new AppError(403, code);
export const conflict = (code = 'VERSION_CONFLICT', extra: Record<string, unknown> = {}) => new AppError(409, code, [], extra);
export const invalid = (fields: { path: string; key: string }[], code = 'VALIDATION_FAILED') =>
  new AppError(400, code, fields);

export function assertFound<T>(row: T | undefined | null, code = 'NOT_FOUND'): T {
  if (row === undefined || row === null) throw notFound(code);
  return row;
}

export function fromZod(err: ZodError, prefix: (string | number)[] = []): AppError {
  return new AppError(
    400,
    'VALIDATION_FAILED',
    err.issues.map((i) => ({ path: [...prefix, ...i.path].join('.'), key: i.message, issue: i })),
  );
}

export function requestLang(req: FastifyRequest): Lang {
  const h = String(req.headers['accept-language'] ?? '');
  const first = h.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}

const zodLocales = { 'zh-CN': z.locales.zhCN(), 'en-US': z.locales.en() };

/** The message for a field problem in one language (own keys first, then zod's locale). */
export function fieldMessage(f: FieldError, lang: Lang): string {
  const own = translate(f.key, lang);
  if (own) return own;
  if (f.issue) {
    try {
      const msg = zodLocales[lang].localeError?.(f.issue as never);
      const text = typeof msg === 'string' ? msg : msg?.message;
      if (text) return text;
    } catch {
      /* fall through to the raw message */
    }
  }
  return f.key;
}

export function problemBody(err: AppError, lang: Lang, instance?: string) {
  const title = translate(err.code, lang) ?? err.code;
  return {
    type: `https://kehu.dev/problems/${err.code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status: err.status,
    code: err.code,
    detail: err.fieldErrors.length ? err.fieldErrors.map((f) => `${f.path}: ${fieldMessage(f, lang)}`).join('; ') : title,
    instance,
    errors: err.fieldErrors.map((f) => ({ path: f.path, message: fieldMessage(f, lang), code: f.key })),
    ...err.extra,
  };
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, err: AppError) {
  return reply
    .status(err.status)
    .type('application/problem+json; charset=utf-8')
    .send(problemBody(err, requestLang(req), req.url));
}

export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError & { validation?: unknown }, req, reply) => {
    let appErr: AppError;
    if (error instanceof AppError) appErr = error;
    else if (isZodError(error)) appErr = fromZod(error);
    else if (error.code === 'FST_ERR_VALIDATION' && Array.isArray(error.validation)) {
      const ctx = (error as { validationContext?: string }).validationContext;
      appErr = new AppError(
        400,
        'VALIDATION_FAILED',
        (error.validation as { instancePath?: string; message?: string; params?: { issue?: z.core.$ZodIssue } }[]).map(
          (v) => {
            const issue = v.params?.issue;
            const path = issue ? issue.path.join('.') : (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
            return { path: ctx && ctx !== 'body' ? `${ctx}.${path}` : path, key: issue?.message ?? v.message ?? 'invalid', issue };
          },
        ),
      );
    } else if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error.statusCode === 400 && /JSON/i.test(error.message))) {
      appErr = new AppError(400, 'MALFORMED_JSON');
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.code === 'FST_REQ_FILE_TOO_LARGE' || error.statusCode === 413) {
      appErr = new AppError(413, 'FILE_TOO_LARGE');
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.statusCode === 415) {
      appErr = new AppError(415, 'FILE_TYPE_NOT_ALLOWED');
    } else if (error.statusCode === 429) {
      appErr = new AppError(429, 'RATE_LIMITED');
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      appErr = new AppError(error.statusCode, error.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED');
    } else {
      req.log.error({ err: error }, 'unhandled error');
      appErr = new AppError(500, 'INTERNAL');
    }
    return sendProblem(reply, req, appErr);
  });
}

function isZodError(e: unknown): e is ZodError {
  return e instanceof z.ZodError;
}
