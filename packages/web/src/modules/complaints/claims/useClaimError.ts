// How a refused claim write is shown: field problems onto the dialog's fields (money fields are typed in yuan, so
// the server's `…Fen` paths are mapped), the rest — and problems with a detail, such as the approval band — as a message.
import { App, type FormInstance } from 'antd';
import { ApiError, errorText } from '../../../lib/api';

/** Server field path → the dialog's field name where they differ. */
const FIELD_OF: Record<string, string> = { amountFen: 'amountYuan', approvedFen: 'approvedYuan', settledFen: 'settledYuan', recoveryFen: 'recoveryYuan' };

export function useClaimError() {
  const { message } = App.useApp();
  return (e: unknown, form: FormInstance, fields: readonly string[]) => {
    if (e instanceof ApiError && e.errors.length) {
      const rest: string[] = [];
      const set: { name: string; errors: string[] }[] = [];
      for (const x of e.errors) {
        const name = FIELD_OF[x.path] ?? x.path;
        if (fields.includes(name)) set.push({ name, errors: [x.message] });
        else rest.push(x.message);
      }
      form.setFields(set as never);
      if (rest.length) message.error(`${e.title}：${rest.join('；')}`);
      return;
    }
    const detail = e instanceof ApiError && typeof e.body.detail === 'string' ? e.body.detail : null;
    message.error(detail ?? errorText(e));
  };
}
