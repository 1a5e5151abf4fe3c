// 服务网点: the service network (售后服务中心网点表, tool 30) filterable by text, region, kind and service type, with
// the XLSX export of the filtered list.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { TOutlet } from '@kehu/shared';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { currentLanguage } from '../../../app/i18n';
import { formatDate } from '../../../lib/format';
import { ListSearch } from '../../../lib/ListSearch';
import { listPagination } from '../../../lib/pagination';
import { useCan } from '../../../lib/reference';
import { useListParams } from '../../../lib/useListParams';
import { RegionCascader } from '../../customers/RegionCascader';
import { outletExportHref, regionPath, useOutlets, type OutletQuery } from './api';
import { useNetworkLabels } from './useNetworkLabels';

export function OutletListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const labels = useNetworkLabels();
  const { query, update, onTable } = useListParams<OutletQuery>((params) => ({
    sort: params.get('sort') ?? undefined,
    q: params.get('q') ?? undefined,
    regionCode: params.get('regionCode') ?? undefined,
    kind: params.get('kind') ?? undefined,
    serviceType: params.get('serviceType') ?? undefined,
    archived: (params.get('archived') as OutletQuery['archived']) ?? undefined,
  }));
  const { data, isFetching } = useOutlets(query);

  const { page: _p, pageSize: _s, ...filters } = query;

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.network.outlet.title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <ListSearch value={query.q} onSearch={(q) => update({ q })} placeholder={t('service.network.outlet.searchPlaceholder')} width={300} />
        <div style={{ width: 220 }}>
          <RegionCascader
            placeholder={t('service.network.outlet.regionFilter')}
            value={regionPath(query.regionCode)}
            onChange={(v) => update({ regionCode: v.length ? v[v.length - 1] : undefined })}
          />
        </div>
        <Select allowClear placeholder={t('service.network.outlet.kind')} style={{ width: 150 }} value={query.kind} onChange={(v?: string) => update({ kind: v })} options={labels.kindOptions} />
        <Select
          allowClear
          placeholder={t('service.network.outlet.serviceTypes')}
          style={{ width: 130 }}
          value={query.serviceType}
          onChange={(v?: string) => update({ serviceType: v })}
          options={labels.serviceTypeOptions}
        />
        <Select
          style={{ width: 110 }}
          value={query.archived ?? 'false'}
          aria-label={t('service.network.statusFilter')}
          onChange={(v) => update({ archived: v === 'false' ? undefined : v })}
          options={[
            { value: 'false', label: t('service.network.live') },
            { value: 'true', label: t('service.network.archived') },
            { value: 'all', label: t('common.all') },
          ]}
        />
        <Space style={{ marginLeft: 'auto' }}>
          <Button icon={<DownloadOutlined />} href={outletExportHref(filters, currentLanguage())} data-testid="outlet-export">
            {t('common.export')}
          </Button>
          {can('service:network') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/service/outlets/new')} data-testid="outlet-new">
              {t('service.network.outlet.new')}
            </Button>
          )}
        </Space>
      </div>
      <Table<TOutlet>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onChange={onTable}
        scroll={{ x: 1400 }}
        pagination={listPagination(t, query, data?.total)}
        columns={[
          {
            title: t('service.network.outlet.code'),
            dataIndex: 'code',
            key: 'code',
            sorter: true,
            width: 120,
            fixed: 'left',
            render: (v: string, o) => (
              <Space direction="vertical" size={0}>
                <Link to={`/service/outlets/${o.id}`}>{v}</Link>
                {o.archivedAt && <Tag>{t('service.network.archived')}</Tag>}
              </Space>
            ),
          },
          { title: t('service.network.outlet.name'), dataIndex: 'name', key: 'name', sorter: true, width: 200, render: (v: string, o) => <Link to={`/service/outlets/${o.id}`}>{v}</Link> },
          { title: t('service.network.outlet.kind'), dataIndex: 'kind', key: 'kind', sorter: true, width: 130, render: (v: string) => labels.kind(v) },
          { title: t('service.network.outlet.level'), dataIndex: 'level', key: 'level', sorter: true, width: 70, render: (v: string | null) => v ?? '—' },
          { title: t('service.network.outlet.region'), dataIndex: 'region', width: 180, render: (v: string | null) => v ?? '—' },
          { title: t('service.network.outlet.manager'), dataIndex: 'manager', width: 100, render: (v: string | null, o) => (v ? `${v}${o.phone ? ' ' + o.phone : ''}` : (o.phone ?? '—')) },
          {
            title: t('service.network.outlet.serviceTypes'),
            dataIndex: 'serviceTypes',
            width: 200,
            render: (v: string[]) => v.map((s) => <Tag key={s}>{labels.serviceType(s)}</Tag>),
          },
          {
            title: t('service.network.outlet.coverage'),
            dataIndex: 'regions',
            width: 240,
            render: (v: TOutlet['regions']) =>
              v.length ? (
                <span title={v.map((g) => g.region ?? g.regionCode).join('、')}>
                  {v
                    .slice(0, 3)
                    .map((g) => g.region ?? g.regionCode)
                    .join('、')}
                  {v.length > 3 ? t('service.network.outlet.moreRegions', { n: v.length - 3 }) : ''}
                </span>
              ) : (
                '—'
              ),
          },
          { title: t('service.network.outlet.technicians'), dataIndex: 'technicianCount', width: 110, render: (n: number, o) => `${n} / ${o.certifiedCount}` },
          { title: t('service.network.outlet.dailyCapacity'), dataIndex: 'dailyCapacity', key: 'dailyCapacity', sorter: true, width: 100 },
          {
            title: t('service.network.outlet.authorisedTo'),
            dataIndex: 'authorisedTo',
            key: 'authorisedTo',
            sorter: true,
            width: 140,
            render: (v: string | null) => (v ? formatDate(v) : t('service.network.outlet.openEnded')),
          },
          { title: t('service.network.outlet.annualGrade'), dataIndex: 'annualGrade', key: 'annualGrade', sorter: true, width: 100, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </div>
  );
}
