// The edit / archive / restore column of the service catalogues (categories, products, parts): edit only while
// live, archiving asks first, restoring does not; the toggle reports success or the server's problem.
import { App, Popconfirm, Space, type TableColumnType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../../admin/useShowError';

/** Archives a live row or restores an archived one through `mutate`, then says so (or shows the problem). */
export function useArchiveToggle<T>(mutate: (row: T) => Promise<unknown>): (row: T) => Promise<void> {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  return async (row: T) => {
    try {
      await mutate(row);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };
}

export interface ArchiveActionsOptions<T> {
  width: number;
  /** the question before archiving */
  confirm: string;
  onEdit: (row: T) => void;
  onArchive: (row: T) => Promise<void>;
  /** why a live row cannot be archived (the link is shown disabled with this as its hint) */
  blocked?: (row: T) => string | undefined;
}

export function archiveActionsColumn<T extends { archivedAt: string | null }>(t: TFunction, o: ArchiveActionsOptions<T>): TableColumnType<T> {
  return {
    title: t('common.actions'),
    key: 'actions',
    width: o.width,
    fixed: 'right',
    render: (_: unknown, row: T) => {
      const blocked = row.archivedAt ? undefined : o.blocked?.(row);
      return (
        <Space>
          {!row.archivedAt && <a onClick={() => o.onEdit(row)}>{t('common.edit')}</a>}
          {row.archivedAt ? (
            <a onClick={() => void o.onArchive(row)}>{t('common.restore')}</a>
          ) : (
            <Popconfirm title={o.confirm} onConfirm={() => o.onArchive(row)} disabled={!!blocked}>
              <a aria-disabled={blocked ? true : undefined} title={blocked} style={blocked ? { color: 'var(--ant-color-text-disabled)', cursor: 'not-allowed' } : undefined}>
                {t('common.archive')}
              </a>
            </Popconfirm>
          )}
        </Space>
      );
    },
  };
}
