// 评价方案: the versions of the after-sales evaluation scheme (GB/T 27922 structure) as an indicator tree with points;
// edit (a version in use is saved as a new one) and new version.
import { CopyOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TIndicator } from '@kehu/shared';
import { formatDateTime } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { evaluationApi, evaluationKeys, useEvaluationMutation, useScheme, useSchemes } from './api';
import { SchemeEditor } from './SchemeEditor';

type Row = Omit<TIndicator, 'children'> & { children?: Row[] };
const rows = (list: TIndicator[]): Row[] => list.map((n) => ({ ...n, children: n.children.length ? rows(n.children) : undefined }));

export function SchemesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const showError = useShowError();
  const [params, setParams] = useSearchParams();
  const schemes = useSchemes();
  const selected = Number(params.get('id')) || schemes.data?.find((s) => s.current)?.id;
  const scheme = useScheme(selected);
  const [editing, setEditing] = useState(false);
  const copy = useEvaluationMutation(evaluationApi.newRevision, [evaluationKeys.schemes]);
  const writable = can('service:rules');

  useEffect(() => setEditing(false), [selected]);

  const onCopy = async () => {
    if (!selected) return;
    try {
      const s = await copy.mutateAsync(selected);
      message.success(t('service.evaluation.newRevisionDone', { n: s.revision }));
      setParams({ id: String(s.id) });
    } catch (e) {
      showError(e);
    }
  };

  const s = scheme.data;
  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('service.evaluation.schemesTitle')}
        </Typography.Title>
        <Space style={{ marginLeft: 'auto' }} wrap>
          <Select
            style={{ width: 360 }}
            value={selected}
            loading={schemes.isFetching}
            onChange={(id) => setParams({ id: String(id) })}
            options={(schemes.data ?? []).map((x) => ({
              value: x.id,
              label: `${x.name} · ${t('service.evaluation.revision', { n: x.revision })}${x.current ? ` · ${t('service.evaluation.current')}` : ''}`,
            }))}
          />
          {writable && s && (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('service.evaluation.editScheme')}
              </Button>
              <Button icon={<CopyOutlined />} loading={copy.isPending} onClick={() => void onCopy()}>
                {t('service.evaluation.newRevision')}
              </Button>
            </>
          )}
        </Space>
      </div>
      {s?.provisional && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('service.evaluation.provisionalWarning')} />}
      {s && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('service.evaluation.schemeName')}>{s.name}</Descriptions.Item>
            <Descriptions.Item label={t('service.evaluation.totalPoints')}>{s.totalPoints}</Descriptions.Item>
            <Descriptions.Item label={t('service.evaluation.state')}>
              <Space>
                {s.current && <Tag color="blue">{t('service.evaluation.current')}</Tag>}
                {s.runs ? <Tag color="orange">{t('service.evaluation.inUse', { n: s.runs })}</Tag> : <Tag>{t('service.evaluation.unused')}</Tag>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('common.updatedAt')}>{formatDateTime(s.updatedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('service.evaluation.note')} span={2}>
              {s.note ?? '—'}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Table<Row>
        rowKey="id"
        size="small"
        loading={scheme.isFetching}
        dataSource={s ? rows(s.indicators) : []}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={s ? `${s.id}-${s.version}` : 'none'}
        columns={[
          { title: t('service.evaluation.indicator'), key: 'name', width: 280, render: (_, r) => <span style={{ fontWeight: r.level === 1 ? 600 : undefined }}>{[r.clause, r.name].filter(Boolean).join(' ')}</span> },
          { title: t('service.evaluation.points'), dataIndex: 'points', width: 80, align: 'right', render: (v: number, r) => (r.level === 1 ? <b>{v}</b> : v) },
          { title: t('service.evaluation.method'), dataIndex: 'method', width: 100, render: (v: string | null) => (v ? t(`service.evaluation.methods.${v}`) : '') },
          { title: t('service.evaluation.evidence'), dataIndex: 'evidence', width: 130, render: (v: string | null) => (v ? <Tag color="geekblue">{t(`service.evaluation.evidenceKinds.${v}`)}</Tag> : '') },
          { title: t('service.evaluation.requirement'), dataIndex: 'requirement', render: (v: string | null) => <Typography.Text type="secondary">{v}</Typography.Text> },
        ]}
      />
      {editing && s && (
        <SchemeEditor
          scheme={s}
          onClose={() => setEditing(false)}
          onSaved={(id) => {
            setEditing(false);
            setParams({ id: String(id) });
          }}
        />
      )}
    </div>
  );
}
