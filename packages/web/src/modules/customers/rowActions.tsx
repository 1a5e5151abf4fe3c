// The actions column of a customer's child tables (contacts, addresses): edit in the modal, archive after a confirm.
import { Popconfirm, Space } from 'antd';
import type { TFunction } from 'i18next';
import { errorText } from '../../lib/api';

export function editArchiveColumn<T>(t: TFunction, onEdit: (row: T) => void, onArchive: (row: T) => Promise<unknown>, onError: (text: string) => void) {
  return {
    title: t('common.actions'),
    key: 'a',
    render: (_: unknown, r: T) => (
      <Space>
        <a onClick={() => onEdit(r)}>{t('common.edit')}</a>
        <Popconfirm title={t('common.archive') + '?'} onConfirm={() => onArchive(r).catch((e) => onError(errorText(e)))}>
          <a>{t('common.archive')}</a>
        </Popconfirm>
      </Space>
    ),
  };
}
