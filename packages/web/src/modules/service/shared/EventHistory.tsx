// The history table of a service record (order, return): newest first, who did what and which state it moved to.
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';

export interface HistoryEvent {
  id: number;
  at: string;
  action: string;
  from: string | null;
  to: string | null;
  note: string | null;
  actorName: string | null;
}

export interface EventHistoryProps {
  events: HistoryEvent[];
  /** Text namespace holding `history.*`, `state.*` and `actions.*`, e.g. 'service.orders'. */
  textPrefix: string;
  testId: string;
  /** Width of the action column (action names differ in length between records). */
  actionWidth: number;
}

export function EventHistory({ events, textPrefix: p, testId, actionWidth }: EventHistoryProps) {
  const { t } = useTranslation();
  const stateName = (s: string | null) => (s ? t(`${p}.state.${s}`) : '');
  return (
    <Table<HistoryEvent>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={[...events].reverse()}
      data-testid={testId}
      scroll={{ x: 640 }}
      columns={[
        { title: t(`${p}.history.at`), dataIndex: 'at', width: 150, render: (v) => formatDateTime(v) },
        { title: t(`${p}.history.actor`), dataIndex: 'actorName', width: 100, render: (v) => v ?? t(`${p}.history.system`) },
        { title: t(`${p}.history.action`), dataIndex: 'action', width: actionWidth, render: (v: string) => t(`${p}.actions.${v}`, { defaultValue: v }) },
        { title: t(`${p}.history.change`), key: 'change', width: 170, render: (_, e) => (e.from && e.to && e.from !== e.to ? `${stateName(e.from)} → ${stateName(e.to)}` : stateName(e.to)) },
        { title: t(`${p}.history.note`), dataIndex: 'note', render: (v) => v ?? '' },
      ]}
    />
  );
}
