// Customer import: the API calls of the wizard and the commit's progress stream.
import type { TImportDryRun, TImportDryRunResult, TImportReport, TImportState, TImportUpload } from '@kehu/shared';
import { currentLanguage } from '../../app/i18n';
import { ApiError, api, get, post, type FieldProblem } from '../../lib/api';

const BASE = '/api/v1/customer-imports';

export const importApi = {
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<TImportUpload>(BASE, { method: 'POST', form });
  },
  dryRun: (id: number, body: TImportDryRun) => post<TImportDryRunResult>(`${BASE}/${id}/dry-run`, body),
  state: (id: number) => get<TImportState>(`${BASE}/${id}`),
  report: (id: number) => get<TImportReport>(`${BASE}/${id}/report`),
  errorsUrl: (id: number) => `${BASE}/${id}/errors.xlsx?lang=${currentLanguage()}`,
  templateUrl: `${BASE}/template.xlsx`,
};

type Problem = { status?: number; code?: string; title?: string; errors?: FieldProblem[] } & Record<string, unknown>;
const toApiError = (status: number, p: Problem) => new ApiError(p.status ?? status, p.code ?? 'HTTP_' + status, p.title ?? String(status), p.errors ?? [], p);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until the import is no longer running, asking the server once a second (when the stream was cut). */
async function pollUntilSettled(id: number, onProgress: (processed: number, total: number) => void): Promise<TImportState> {
  for (;;) {
    const s = await importApi.state(id);
    onProgress(s.processedRows, s.commitRows);
    if (s.status !== 'running') return s;
    await sleep(1000);
  }
}

/**
 * Commits the import. The server streams progress lines (NDJSON) while it writes; if the stream breaks the
 * import goes on on the server, and this falls back to polling its state. Resolves with the final state;
 * a refused commit (bad rows, wrong state) rejects with the problem as an ApiError.
 */
export async function commitImport(id: number, onProgress: (processed: number, total: number) => void): Promise<TImportState> {
  const res = await fetch(`${BASE}/${id}/commit`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-Requested-With': 'kehu-web', 'Accept-Language': currentLanguage(), Accept: 'application/x-ndjson', 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw toApiError(res.status, (await res.json().catch(() => ({}))) as Problem);
  if (!res.body || !(res.headers.get('content-type') ?? '').includes('ndjson')) {
    const state = (await res.json().catch(() => null)) as TImportState | null;
    return state && state.status !== 'running' ? state : pollUntilSettled(id, onProgress);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        const msg = JSON.parse(line) as
          | { type: 'state'; state: TImportState }
          | { type: 'progress'; processed: number; total: number }
          | { type: 'done'; state: TImportState }
          | { type: 'error'; problem: Problem };
        if (msg.type === 'state') onProgress(msg.state.processedRows, msg.state.commitRows);
        else if (msg.type === 'progress') onProgress(msg.processed, msg.total);
        else if (msg.type === 'done') return msg.state;
        else throw toApiError(500, msg.problem);
      }
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
  }
  return pollUntilSettled(id, onProgress);
}
