// 客户投诉管理表 (tool 34): the tracking table of complaints, filters in the URL, quick tabs, XLSX export.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { AGENT_CHANNELS, COMPLAINT_CHANNELS, COMPLAINT_STATES, ESCALATION_LEVELS, SEVERITIES } from '@kehu/shared';
import { formatDate } from '../../../lib/format';
import { ListSearch } from '../../../lib/ListSearch';
import { listPagination } from '../../../lib/pagination';
import { useCan, useDictLabel, useDictOptions } from '../../../lib/reference';
import { useListParams } from '../../../lib/useListParams';
import { currentLanguage } from '../../../app/i18n';
import { exportUrl, useComplaints, type ComplaintListItem, type ComplaintQuery } from '../api';
import { QUICK_TAB_FILTERS, QUICK_TABS, quickTabOf, type QuickTab } from '../complaint-logic';
import { ComplaintStateTag, LevelTag, SeverityTag, VipTag } from '../ComplaintTags';
import '../../service/orders/orders.css';

export function ComplaintListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const dict = useDictLabel();
  const categories = useDictOptions('complaint_category');
  const { query, update, onTable } = useListParams<ComplaintQuery>((p) => ({
    q: p.get('q') ?? undefined,
    // the open complaints unless the user chose otherwise
    state: p.get('state') ?? 'open',
    severity: p.get('severity') ?? undefined,
    category: p.get('category') ?? undefined,
    channel: p.get('channel') ?? undefined,
    overdue: p.get('overdue') ?? undefined,
    mine: p.get('mine') ?? undefined,
    vip: p.get('vip') ?? undefined,
    level: p.get('level') ?? undefined,
    from: p.get('from') ?? undefined,
    to: p.get('to') ?? undefined,
  }));
  const { data, isFetching } = useComplaints(query);
  const tab = quickTabOf(query);
  const flag = (v: boolean) => (v ? 'true' : undefined);
  // the automatic doors' channels are filterable too, listed after the agents' ones
  const channels = [...AGENT_CHANNELS, ...COMPLAINT_CHANNELS.filter((c) => !(AGENT_CHANNELS as readonly string[]).includes(c))];

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('complaints.main.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab ?? ''}
        onChange={(k) => update(QUICK_TAB_FILTERS[k as QuickTab])}
        items={QUICK_TABS.map((k) => ({ key: k, label: <span data-testid={`complaint-tab-${k}`}>{t(`complaints.main.tabs.${k}`)}</span> }))}
        style={{ marginBottom: 4 }}
      />
      <div className="kehu-toolbar">
        <ListSearch value={query.q} onSearch={(q) => update({ q })} placeholder={t('complaints.main.searchPlaceholder')} width={300} data-testid="complaint-search" />
        <Select
          data-testid="complaint-filter-state"
          aria-label={t('complaints.main.f.state')}
          style={{ width: 140 }}
          value={query.state}
          onChange={(v) => update({ state: v })}
          options={[
            { value: 'open', label: t('complaints.main.open') },
            { value: 'all', label: t('common.all') },
            ...COMPLAINT_STATES.map((s) => ({ value: s, label: t(`complaints.main.state.${s}`) })),
          ]}
        />
        <Select allowClear placeholder={t('complaints.main.f.severity')} style={{ width: 110 }} value={query.severity} onChange={(v) => update({ severity: v })} options={SEVERITIES.map((s) => ({ value: s, label: t(`complaints.main.severity.${s}`) }))} />
        <Select allowClear placeholder={t('complaints.main.f.category')} style={{ width: 150 }} value={query.category} onChange={(v) => update({ category: v })} options={categories} />
        <Select allowClear placeholder={t('complaints.main.f.channel')} style={{ width: 130 }} value={query.channel} onChange={(v) => update({ channel: v })} options={channels.map((c) => ({ value: c, label: t(`complaints.main.channel.${c}`) }))} />
        <Select
          allowClear
          placeholder={t('complaints.main.f.level')}
          style={{ width: 110 }}
          value={query.level}
          onChange={(v) => update({ level: v })}
          options={ESCALATION_LEVELS.map((l) => ({ value: String(l), label: t('complaints.main.levelN', { n: l }) }))}
        />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          aria-label={t('complaints.main.f.received')}
          placeholder={[t('complaints.main.f.from'), t('complaints.main.f.to')]}
          value={[query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null]}
          onChange={(r) => update({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          style={{ width: 250 }}
        />
        <Checkbox checked={query.overdue === 'true'} onChange={(e) => update({ overdue: flag(e.target.checked) })} data-testid="complaint-filter-overdue">
          {t('complaints.main.f.overdue')}
        </Checkbox>
        <Checkbox checked={query.mine === 'true'} onChange={(e) => update({ mine: flag(e.target.checked) })}>
          {t('complaints.main.f.mine')}
        </Checkbox>
        <Checkbox checked={query.vip === 'true'} onChange={(e) => update({ vip: flag(e.target.checked) })}>
          {t('complaints.main.f.vip')}
        </Checkbox>
        <Space style={{ marginLeft: 'auto' }}>
          {can('complaints:report') && (
            <Button icon={<DownloadOutlined />} href={exportUrl(query, currentLanguage())} data-testid="complaint-export">
              {t('complaints.main.export')}
            </Button>
          )}
          {can('complaints:create') && (
            <Button type="primary" icon={<PlusOutlined />} data-testid="complaint-new" onClick={() => navigate('/complaints/new')}>
              {t('complaints.main.new')}
            </Button>
          )}
        </Space>
      </div>
      <Table<ComplaintListItem>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onChange={onTable}
        scroll={{ x: 1900 }}
        rowClassName={(r) => (r.overdue && !r.closedAt ? 'kehu-row-overdue' : '')}
        pagination={listPagination(t, query, data?.total, data?.totalCapped)}
        data-testid="complaint-table"
        columns={[
          { title: t('complaints.main.code'), dataIndex: 'code', width: 170, fixed: 'left', render: (v, r) => <Link to={`/complaints/${r.id}`}>{v}</Link> },
          { title: t('complaints.main.receivedDate'), dataIndex: 'receivedAt', width: 130, render: (v) => formatDate(v) },
          {
            title: t('complaints.main.customer'),
            dataIndex: 'customerName',
            width: 180,
            render: (v, r) => (r.customerId ? <Link to={`/customers/${r.customerId}`}>{v}</Link> : <Typography.Text type="secondary">{t('complaints.main.noCustomer')}</Typography.Text>),
          },
          {
            title: t('complaints.main.tier'),
            dataIndex: 'tier',
            width: 120,
            render: (v, r) => (
              <Space size={2}>
                {r.vip ? <VipTag /> : v ? dict('service_tier', v) : '—'}
              </Space>
            ),
          },
          { title: t('complaints.main.summary'), dataIndex: 'summary', width: 260, ellipsis: true },
          { title: t('complaints.main.category'), dataIndex: 'category', width: 120, render: (v) => dict('complaint_category', v) },
          { title: t('complaints.main.severityLabel'), dataIndex: 'severity', width: 90, render: (v) => <SeverityTag severity={v} /> },
          { title: t('complaints.main.department'), dataIndex: 'departmentName', width: 120, render: (v) => v ?? '—' },
          { title: t('complaints.main.owner'), dataIndex: 'ownerName', width: 100, render: (v) => v ?? '—' },
          { title: t('complaints.main.resolveDue'), dataIndex: 'resolveDue', width: 140, render: (v) => formatDate(v) },
          { title: t('complaints.main.progress'), dataIndex: 'state', width: 120, render: (v) => <ComplaintStateTag state={v} /> },
          { title: t('complaints.main.closedDate'), dataIndex: 'closedAt', width: 130, render: (v) => formatDate(v) },
          {
            title: t('complaints.main.overdueLabel'),
            dataIndex: 'overdue',
            width: 90,
            render: (v: boolean) => (v ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')),
          },
          {
            title: t('complaints.main.satisfaction'),
            key: 'satisfaction',
            width: 140,
            render: (_, r) => [r.confirmation ? t(`complaints.main.confirmation.${r.confirmation}`) : null, r.visitRating ? '★'.repeat(r.visitRating) : null].filter(Boolean).join(' ') || '—',
          },
          { title: t('complaints.main.levelLabel'), dataIndex: 'level', width: 100, render: (v: number) => (v > 1 ? <LevelTag level={v} /> : t('complaints.main.levelN', { n: v })) },
        ]}
      />
    </div>
  );
}
