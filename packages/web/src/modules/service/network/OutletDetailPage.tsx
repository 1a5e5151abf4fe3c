// An outlet: its tool-30 data, coverage regions, and its technicians with today's load against their capacity.
import { EditOutlined } from '@ant-design/icons';
import type { TTechnician } from '@kehu/shared';
import { App, Button, Card, Descriptions, Popconfirm, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { networkApi, useNetworkMutation, useOutlet } from './api';
import { LoadBar } from './LoadBar';
import { TechnicianModal } from './TechnicianModal';
import { certificateValid } from './technician-logic';
import { useNetworkLabels } from './useNetworkLabels';
import { companyToday } from '../../../lib/clock';

export function OutletDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const showError = useShowError();
  const labels = useNetworkLabels();
  const id = Number(useParams().id);
  const { data: o, isLoading, error } = useOutlet(id);
  const [editing, setEditing] = useState<TTechnician | null>(null);
  const archive = useNetworkMutation((archived: boolean) => networkApi.setArchived(id, o!.version, archived));
  const today = companyToday();

  if (isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (error || !o) {
    return <Result status="404" title={error instanceof ApiError ? error.title : t('common.loading')} extra={<Button onClick={() => navigate('/service/outlets')}>{t('common.back')}</Button>} />;
  }

  const toggle = async (archived: boolean) => {
    try {
      await archive.mutateAsync(archived);
      message.success(t(archived ? 'service.network.outlet.archivedDone' : 'service.network.outlet.restoredDone'));
    } catch (e) {
      showError(e);
    }
  };
  const writer = can('service:network');

  return (
    <div className="kehu-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {o.name} <Typography.Text type="secondary">{o.code}</Typography.Text> {o.archivedAt && <Tag>{t('service.network.archived')}</Tag>}
        </Typography.Title>
        {writer && (
          <Space>
            {!o.archivedAt && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/service/outlets/${o.id}/edit`)} data-testid="outlet-edit">
                {t('common.edit')}
              </Button>
            )}
            <Popconfirm title={t(o.archivedAt ? 'service.network.outlet.restoreConfirm' : 'service.network.outlet.archiveConfirm')} onConfirm={() => void toggle(!o.archivedAt)}>
              <Button danger={!o.archivedAt} loading={archive.isPending}>
                {o.archivedAt ? t('common.restore') : t('service.network.outlet.archive')}
              </Button>
            </Popconfirm>
          </Space>
        )}
      </Space>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('service.network.outlet.kind')}>{labels.kind(o.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.level')}>{o.level ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.orgUnit')}>{o.orgUnitName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.region')}>{o.region ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.address')} span={2}>
            {o.address ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.manager')}>{o.manager ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.phone')}>{o.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.fax')}>{o.fax ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.email')}>{o.email ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.openingHours')}>{o.openingHours ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.annualGrade')}>{o.annualGrade ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.authorisation')}>
            {o.authorisedFrom || o.authorisedTo ? `${formatDate(o.authorisedFrom)} – ${o.authorisedTo ? formatDate(o.authorisedTo) : t('service.network.outlet.openEnded')}` : t('service.network.outlet.openEnded')}
          </Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.serviceTypes')} span={2}>
            {o.serviceTypes.map((s) => (
              <Tag key={s}>{labels.serviceType(s)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.skills')} span={3}>
            {o.skills.length ? o.skills.map((s) => <Tag key={s}>{labels.skill(s)}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.loadToday')}>
            <LoadBar load={o.loadToday} capacity={o.dailyCapacity} width={200} />
          </Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.technicians')}>{`${o.technicianCount} / ${o.certifiedCount}`}</Descriptions.Item>
          <Descriptions.Item label={t('service.network.outlet.note')}>{o.note ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('service.network.outlet.coverage')} size="small" style={{ marginBottom: 16 }}>
        <Table
          rowKey="regionCode"
          size="small"
          pagination={false}
          dataSource={o.regions}
          locale={{ emptyText: t('service.network.outlet.noCoverage') }}
          columns={[
            { title: t('service.network.outlet.coverageRegion'), dataIndex: 'region', render: (v: string | null, g) => v ?? g.regionCode },
            { title: t('service.network.outlet.regionCode'), dataIndex: 'regionCode', width: 140 },
            { title: t('service.network.outlet.regionType'), dataIndex: 'regionType', width: 160, render: (v: string) => labels.regionType(v) },
          ]}
        />
      </Card>
      <Card title={t('service.network.technician.title')} size="small">
        <Table<TTechnician>
          rowKey="userId"
          size="small"
          pagination={false}
          dataSource={o.technicians}
          locale={{ emptyText: t('service.network.outlet.noTechnicians') }}
          columns={[
            {
              title: t('service.network.technician.name'),
              dataIndex: 'name',
              render: (v: string, r) => (
                <Space size={4}>
                  {v}
                  {(!r.active || r.disabled) && <Tag>{t('service.network.technician.inactive')}</Tag>}
                </Space>
              ),
            },
            { title: t('service.network.technician.skills'), dataIndex: 'skills', render: (v: string[]) => v.map((s) => <Tag key={s}>{labels.skill(s)}</Tag>) },
            {
              title: t('service.network.technician.certificates'),
              dataIndex: 'certificates',
              render: (v: TTechnician['certificates']) =>
                v.length
                  ? v.map((c, i) => (
                      <Tag key={i} color={certificateValid(c, today) ? 'green' : 'default'}>
                        {c.name}
                      </Tag>
                    ))
                  : '—',
            },
            { title: t('service.network.technician.loadToday'), dataIndex: 'loadToday', width: 180, render: (n: number, r) => <LoadBar load={n} capacity={r.dailyCapacity} /> },
            ...(writer
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    width: 90,
                    render: (_: unknown, r: TTechnician) => (
                      <Button size="small" type="link" onClick={() => setEditing(r)}>
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing && <TechnicianModal technician={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
