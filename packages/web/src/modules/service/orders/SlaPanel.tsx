// The order's service deadlines (受理响应/预约/到场/修复/回访): due time, when met, and whether in time.
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import type { DueKind, OrderDetail } from './api';
import { DueTag } from './OrderTags';

const KINDS: DueKind[] = ['ack', 'appointment', 'arrival', 'fix', 'visit'];

/** When each deadline was met (the same events the server's clock counts), or null while open. */
export function metAt(o: OrderDetail, kind: DueKind): string | null {
  switch (kind) {
    case 'ack':
      return o.times.acknowledged;
    case 'appointment':
      return o.events.find((e) => e.action === 'schedule')?.at ?? o.times.arrived ?? o.times.completed;
    case 'arrival':
      return o.times.arrived ?? o.times.completed;
    case 'fix':
      return o.times.completed;
    case 'visit':
      return o.times.visited;
  }
}

export function SlaPanel({ order: o }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const ended = o.state === 'cancelled';
  const rows = KINDS.map((kind) => ({ kind, due: o.due[kind], done: metAt(o, kind) }));
  return (
    <Table
      size="small"
      rowKey="kind"
      pagination={false}
      dataSource={rows}
      data-testid="order-sla"
      columns={[
        { title: t('service.orders.sla'), dataIndex: 'kind', render: (k: DueKind) => t(`service.orders.due.${k}`) },
        { title: t('service.orders.slaDue'), dataIndex: 'due', render: (v: string | null) => formatDateTime(v) },
        { title: t('service.orders.slaDone'), dataIndex: 'done', render: (v: string | null) => formatDateTime(v) },
        {
          title: t('service.orders.stateLabel'),
          key: 'state',
          render: (_, r) => {
            if (!r.due) return <Tag>{t('service.orders.slaNone')}</Tag>;
            if (r.done) return Date.parse(r.done) <= Date.parse(r.due) ? <Tag color="green">{t('service.orders.slaMet')}</Tag> : <Tag color="red">{t('service.orders.slaLate')}</Tag>;
            if (ended) return <Tag>{t('service.orders.state.cancelled')}</Tag>;
            return <DueTag due={r.due} kind={null} warnAt={o.due.nextKind === r.kind ? o.due.warnAt : undefined} start={o.times.received} warnPercent={o.sla.warnPercent} />;
          },
        },
      ]}
    />
  );
}
