// 数据字典: the option lists (grades, sources, classification values …): add entries, edit labels, order, activity.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Input, Menu, Switch, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refKeys, useDictionaries, type DictItem } from '../../lib/reference';
import { adminApi, useAdminMutation } from './api';
import { DictionaryItemModal } from './DictionaryItemModal';
import { useShowError } from './useShowError';

/** A list's name: known lists by name, classification value lists by their dimension, others by code. */
export function useDictTypeLabel() {
  const { t, i18n } = useTranslation();
  const { data } = useDictionaries();
  return (type: string) => {
    if (type.startsWith('cls.')) {
      const dim = data?.classification_dimension?.find((i) => i.code === type.slice(4));
      return t('admin.dict.clsPrefix') + (dim ? (i18n.language === 'en-US' ? dim.labelEn : dim.labelZh) : type.slice(4));
    }
    return t(`admin.dict.types.${type}`, { defaultValue: type });
  };
}

export function DictionariesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const typeLabel = useDictTypeLabel();
  const { data, isFetching } = useDictionaries();
  const types = useMemo(() => Object.keys(data ?? {}).sort((a, b) => Number(a.startsWith('cls.')) - Number(b.startsWith('cls.')) || a.localeCompare(b)), [data]);
  const [picked, setPicked] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<DictItem | 'new' | null>(null);
  const type = picked ?? types[0] ?? null;
  const items = type ? (data?.[type] ?? []) : [];
  const toggle = useAdminMutation((i: DictItem) => adminApi.updateDictionaryItem(i.id, { active: !i.active, version: i.version }), [refKeys.dictionaries]);

  const onToggle = async (i: DictItem) => {
    try {
      await toggle.mutateAsync(i);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  const shownTypes = types.filter((x) => !filter || x.includes(filter) || typeLabel(x).includes(filter));
  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('admin.dict.title')}
      </Typography.Title>
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
        <Card size="small" style={{ width: 260, flex: 'none' }} styles={{ body: { padding: 8 } }}>
          <Input.Search allowClear size="small" placeholder={t('admin.dict.type')} value={filter} onChange={(e) => setFilter(e.target.value)} style={{ marginBottom: 8 }} />
          <Menu
            mode="inline"
            style={{ borderInlineEnd: 'none', maxHeight: '70vh', overflow: 'auto' }}
            selectedKeys={type ? [type] : []}
            onClick={(e) => setPicked(e.key)}
            items={shownTypes.map((x) => ({ key: x, label: <span title={x}>{typeLabel(x)}</span> }))}
          />
        </Card>
        <div style={{ flex: 1, minWidth: 0 }}>
          <div className="kehu-toolbar">
            {type && (
              <Typography.Text strong>
                {typeLabel(type)} <Typography.Text type="secondary" code>{type}</Typography.Text>
              </Typography.Text>
            )}
            <Button type="primary" icon={<PlusOutlined />} style={{ marginLeft: 'auto' }} onClick={() => setEditing('new')}>
              {t('admin.dict.new')}
            </Button>
          </div>
          {type ? (
            <Table<DictItem>
              rowKey="id"
              size="middle"
              loading={isFetching}
              dataSource={items}
              pagination={false}
              columns={[
                { title: t('admin.dict.code'), dataIndex: 'code', width: 160, render: (v) => <Typography.Text code>{v}</Typography.Text> },
                { title: t('admin.dict.labelZh'), dataIndex: 'labelZh' },
                { title: t('admin.dict.labelEn'), dataIndex: 'labelEn' },
                { title: t('admin.dict.sort'), dataIndex: 'sort', width: 90 },
                {
                  title: t('admin.dict.active'),
                  dataIndex: 'active',
                  width: 110,
                  render: (v: boolean, i) => <Switch size="small" checked={v} loading={toggle.isPending && toggle.variables?.id === i.id} onChange={() => void onToggle(i)} aria-label={t('admin.dict.active')} />,
                },
                { title: t('common.actions'), key: 'actions', width: 90, render: (_, i) => <a onClick={() => setEditing(i)}>{t('common.edit')}</a> },
              ]}
            />
          ) : (
            <Empty />
          )}
        </div>
      </div>
      {editing && (
        <DictionaryItemModal
          item={editing === 'new' ? null : editing}
          type={type ?? ''}
          types={types}
          onClose={(createdType) => {
            setEditing(null);
            if (createdType) setPicked(createdType);
          }}
        />
      )}
    </div>
  );
}
