// The OK button of a service form dialog: check the fields, save, say so and close; a refused save puts the
// server's field problems onto the form (or shows the problem) and leaves the dialog open.
import { App, type FormInstance } from 'antd';
import { useShowError } from '../../admin/useShowError';

export function useModalSubmit<V, R>(form: FormInstance<V>, save: (v: V) => Promise<R>, success: (out: R) => string, onDone: () => void): () => Promise<void> {
  const { message } = App.useApp();
  const showError = useShowError();
  return async () => {
    const v = await form.validateFields();
    try {
      const out = await save(v);
      message.success(success(out));
      onDone();
    } catch (e) {
      showError(e, form);
    }
  };
}
