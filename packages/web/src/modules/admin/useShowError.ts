// One way to show a failed admin write: field errors onto the form, 409 as "reloaded, edit again", the rest as a message.
import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, applyFieldErrors, errorText } from '../../lib/api';

export function useShowError() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (err: unknown, form?: FormInstance) => {
    if (err instanceof ApiError && err.code === 'VERSION_CONFLICT') {
      message.error(t('admin.conflictReloaded'));
      return;
    }
    if (form && applyFieldErrors(form, err)) return;
    message.error(errorText(err));
  };
}
