// The API client: same-origin fetch with the CSRF header, language, and problem-details errors.
import type { FormInstance } from 'antd';
import { currentLanguage } from '../app/i18n';

export interface FieldProblem {
  path: string;
  message: string;
  code?: string;
}

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly title: string,
    public readonly errors: FieldProblem[] = [],
    public readonly body: Record<string, unknown> = {},
  ) {
    super(title);
  }
}

let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; form?: FormData; signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { 'X-Requested-With': 'kehu-web', 'Accept-Language': currentLanguage(), ...init.headers };
  let body: BodyInit | undefined;
  if (init.form) body = init.form;
  else if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const res = await fetch(path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, credentials: 'same-origin', signal: init.signal });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const p = (json ?? {}) as { code?: string; title?: string; errors?: FieldProblem[] };
    const err = new ApiError(res.status, p.code ?? 'HTTP_' + res.status, p.title ?? res.statusText, p.errors ?? [], (json ?? {}) as Record<string, unknown>);
    if (res.status === 401 && !path.endsWith('/auth/login')) onUnauthenticated?.();
    throw err;
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const get = <T>(path: string) => api<T>(path);
export const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });

/** Builds `?a=1&b=2` from defined, non-empty values. */
export function qs(params: Record<string, unknown>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? '?' + s : '';
}

/** Puts server field errors onto an antd form; returns true when at least one field matched. */
export function applyFieldErrors(form: FormInstance, err: unknown): boolean {
  if (!(err instanceof ApiError) || !err.errors.length) return false;
  const fields = err.errors.map((e) => ({ name: e.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)), errors: [e.message] }));
  form.setFields(fields as never);
  return true;
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.errors.length ? `${err.title}：${err.errors.map((e) => `${e.path} ${e.message}`).join('；')}` : err.title;
  return String((err as Error)?.message ?? err);
}
