// 道歉与答复话术 (最佳道歉方式表, tool 37): the list with filters, create / edit, archive / restore, and the print view.
import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { TEMPERAMENTS, type TComplaintTemplate } from '@kehu/shared';
import { ListSearch } from '../../../lib/ListSearch';
import { listPagination } from '../../../lib/pagination';
import { useCan, useDictOptions } from '../../../lib/reference';
import { qs } from '../../../lib/api';
import { useListParams } from '../../../lib/useListParams';
import { useShowError } from '../../admin/useShowError';
import { settingsApi, settingsKeys, useSettingsMutation, useTemplateList, type TemplateQuery } from './api';
import { TemplateModal } from './TemplateModal';
import { useSettingsLabels } from './useSettingsLabels';

/** The template filters as kept in the URL (shared with the print view). */
export function readTemplateFilters(params: URLSearchParams): Omit<TemplateQuery, 'page' | 'pageSize'> {
  const archived = params.get('archived');
  return {
    archived: archived === 'true' || archived === 'all' ? archived : 'false',
    category: params.get('category') ?? undefined,
    temperament: params.get('temperament') ?? undefined,
    q: params.get('q') ?? undefined,
  };
}

export function TemplatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const showError = useShowError();
  const labels = useSettingsLabels();
  const categoryOptions = useDictOptions('complaint_category');
  const { query, update, onTable } = useListParams<TemplateQuery>(readTemplateFilters);
  const { data, isFetching } = useTemplateList(query);
  const [editing, setEditing] = useState<TComplaintTemplate | 'new' | null>(null);
  const writable = can('complaints:rules');
  const toggle = useSettingsMutation(
    (x: TComplaintTemplate) => (x.archivedAt ? settingsApi.restoreTemplate(x.id, x.version) : settingsApi.archiveTemplate(x.id, x.version)),
    [settingsKeys.templates],
  );

  const onToggle = async (x: TComplaintTemplate) => {
    try {
      await toggle.mutateAsync(x);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  const tt = (k: string) => t(`complaints.settings.templates.${k}`);

  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {tt('title')}
          <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal', marginLeft: 8 }}>
            {tt('subtitle')}
          </Typography.Text>
        </Typography.Title>
        <Space style={{ marginLeft: 'auto' }}>
          <Button icon={<PrinterOutlined />} onClick={() => navigate('/complaints/templates/print' + qs({ category: query.category, temperament: query.temperament, q: query.q }))}>
            {tt('printView')}
          </Button>
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="template-new">
              {tt('new')}
            </Button>
          )}
        </Space>
      </div>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={tt('hint')} />
      <div className="kehu-toolbar">
        <ListSearch value={query.q} onSearch={(q) => update({ q })} placeholder={tt('search')} width={280} data-testid="template-search" />
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={tt('category')}
          aria-label={tt('category')}
          value={query.category}
          options={categoryOptions}
          onChange={(category?: string) => update({ category })}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={tt('temperament')}
          aria-label={tt('temperament')}
          value={query.temperament}
          options={TEMPERAMENTS.map((v) => ({ value: v, label: labels.temperament(v) }))}
          onChange={(temperament?: string) => update({ temperament })}
        />
        <Space>
          <Switch checked={query.archived === 'true'} onChange={(v) => update({ archived: v ? 'true' : 'false' })} aria-label={t('complaints.settings.showArchived')} />
          <span>{t('complaints.settings.showArchived')}</span>
        </Space>
      </div>
      <Table<TComplaintTemplate>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        pagination={listPagination(t, query, data?.total)}
        onChange={onTable}
        scroll={{ x: 1200 }}
        data-testid="template-list"
        expandable={{
          expandedRowRender: (x) => (
            <div style={{ whiteSpace: 'pre-wrap' }}>
              <Typography.Text strong>{tt('reply')}：</Typography.Text>
              {x.reply}
            </div>
          ),
        }}
        columns={[
          {
            title: tt('titleField'),
            dataIndex: 'title',
            width: 200,
            fixed: 'left',
            render: (v: string, x) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{v}</Typography.Text>
                {x.situation && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {x.situation}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: tt('category'), dataIndex: 'category', width: 120, render: (v: string | null) => (v ? <Tag color="blue">{labels.category(v)}</Tag> : <Typography.Text type="secondary">{labels.category(v)}</Typography.Text>) },
          { title: tt('temperament'), dataIndex: 'temperament', width: 110, render: (v: string | null) => (v ? <Tag color="purple">{labels.temperament(v)}</Tag> : <Typography.Text type="secondary">{labels.temperament(v)}</Typography.Text>) },
          { title: tt('apology'), dataIndex: 'apology', width: 320 },
          { title: tt('pairedAction'), dataIndex: 'pairedAction', width: 220, render: (v: string | null) => v ?? '—' },
          { title: tt('taboo'), dataIndex: 'taboo', width: 220, render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—') },
          { title: tt('sort'), dataIndex: 'sort', width: 70, align: 'right' },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 120,
                  fixed: 'right' as const,
                  render: (_: unknown, x: TComplaintTemplate) =>
                    x.archivedAt ? (
                      <a onClick={() => void onToggle(x)}>{t('common.restore')}</a>
                    ) : (
                      <Space>
                        <a onClick={() => setEditing(x)}>{t('common.edit')}</a>
                        <Popconfirm title={tt('archiveConfirm')} onConfirm={() => onToggle(x)}>
                          <a>{t('common.archive')}</a>
                        </Popconfirm>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {editing && <TemplateModal template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
