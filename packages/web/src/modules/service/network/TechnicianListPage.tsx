// 技术人员: every technician with outlet, skills, certificates and today's load against the daily capacity; users
// holding the technician role without a profile yet can be shown and given one.
import type { TTechnician } from '@kehu/shared';
import { SKILL_DICTIONARY } from '@kehu/shared';
import { Button, Checkbox, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/format';
import { ListSearch } from '../../../lib/ListSearch';
import { listPagination } from '../../../lib/pagination';
import { useCan, useDictOptions } from '../../../lib/reference';
import { useListParams } from '../../../lib/useListParams';
import { useOutletOptions, useTechnicians, type TechnicianQuery } from './api';
import { LoadBar } from './LoadBar';
import { TechnicianModal } from './TechnicianModal';
import { certificateValid } from './technician-logic';
import { useNetworkLabels } from './useNetworkLabels';
import { companyToday } from '../../../lib/clock';

export function TechnicianListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const labels = useNetworkLabels();
  const skillOptions = useDictOptions(SKILL_DICTIONARY);
  const outlets = useOutletOptions().data ?? [];
  const { query, update, onTable } = useListParams<TechnicianQuery>((params) => ({
    q: params.get('q') ?? undefined,
    outletId: params.get('outletId') ? Number(params.get('outletId')) : undefined,
    skill: params.get('skill') ?? undefined,
    active: (params.get('active') as TechnicianQuery['active']) ?? undefined,
    includeUnprofiled: (params.get('includeUnprofiled') as TechnicianQuery['includeUnprofiled']) ?? undefined,
  }));
  const [editing, setEditing] = useState<TTechnician | null>(null);
  const { data, isFetching } = useTechnicians(query);
  const today = companyToday();
  const writer = can('service:network');

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.network.technician.title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <ListSearch value={query.q} onSearch={(q) => update({ q })} placeholder={t('service.network.technician.searchPlaceholder')} width={260} />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('service.network.technician.outlet')}
          style={{ width: 220 }}
          value={query.outletId}
          onChange={(v?: number) => update({ outletId: v })}
          options={outlets.map((o) => ({ value: o.id, label: `${o.name}（${o.code}）` }))}
        />
        <Select allowClear placeholder={t('service.network.technician.skills')} style={{ width: 150 }} value={query.skill} onChange={(v?: string) => update({ skill: v })} options={skillOptions} />
        <Select
          allowClear
          placeholder={t('service.network.technician.active')}
          style={{ width: 110 }}
          value={query.active}
          onChange={(v?: 'true' | 'false') => update({ active: v })}
          options={[
            { value: 'true', label: t('service.network.technician.activeYes') },
            { value: 'false', label: t('service.network.technician.inactive') },
          ]}
        />
        {writer && (
          <Checkbox checked={query.includeUnprofiled === 'true'} onChange={(e) => update({ includeUnprofiled: e.target.checked ? 'true' : undefined })} data-testid="include-unprofiled">
            {t('service.network.technician.includeUnprofiled')}
          </Checkbox>
        )}
      </div>
      <Table<TTechnician>
        rowKey="userId"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onChange={onTable}
        scroll={{ x: 1100 }}
        pagination={listPagination(t, query, data?.total)}
        columns={[
          {
            title: t('service.network.technician.name'),
            dataIndex: 'name',
            width: 160,
            render: (v: string, r) => (
              <Space direction="vertical" size={0}>
                <span>
                  {v} <Typography.Text type="secondary">{r.username}</Typography.Text>
                </span>
                <Space size={4}>
                  {!r.hasProfile && <Tag color="orange">{t('service.network.technician.noProfile')}</Tag>}
                  {r.hasProfile && (!r.active || r.disabled) && <Tag>{t('service.network.technician.inactive')}</Tag>}
                </Space>
              </Space>
            ),
          },
          {
            title: t('service.network.technician.outlet'),
            dataIndex: 'outletName',
            width: 200,
            render: (v: string | null, r) => (r.outletId ? <Link to={`/service/outlets/${r.outletId}`}>{v}</Link> : '—'),
          },
          { title: t('service.network.technician.skills'), dataIndex: 'skills', width: 200, render: (v: string[]) => (v.length ? v.map((s) => <Tag key={s}>{labels.skill(s)}</Tag>) : '—') },
          {
            title: t('service.network.technician.certificates'),
            dataIndex: 'certificates',
            width: 240,
            render: (v: TTechnician['certificates']) =>
              v.length
                ? v.map((c, i) => (
                    <Tooltip key={i} title={`${c.number ?? ''} ${c.validUntil ? t('service.network.technician.validUntil', { date: formatDate(c.validUntil) }) : ''}`.trim() || undefined}>
                      <Tag color={certificateValid(c, today) ? 'green' : 'default'}>
                        {c.name}
                        {!certificateValid(c, today) && ` (${t('service.network.technician.expired')})`}
                      </Tag>
                    </Tooltip>
                  ))
                : '—',
          },
          {
            title: t('service.network.technician.loadToday'),
            dataIndex: 'loadToday',
            width: 180,
            render: (n: number, r) => (r.hasProfile ? <LoadBar load={n} capacity={r.dailyCapacity} /> : '—'),
          },
          ...(writer
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 100,
                  fixed: 'right' as const,
                  render: (_: unknown, r: TTechnician) => (
                    <Button size="small" type="link" onClick={() => setEditing(r)} data-testid={`technician-edit-${r.userId}`}>
                      {r.hasProfile ? t('common.edit') : t('service.network.technician.createProfile')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <TechnicianModal technician={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
