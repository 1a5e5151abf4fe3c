// The complaint's clocks: the first reply, the resolution (by severity × tier, §3.11) and the current escalation
// level's window — due time, when met, and whether in time or how long is left.
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { OPEN_COMPLAINT_STATES } from '@kehu/shared';
import { formatDateTime } from '../../../lib/format';
import type { ComplaintDetail } from '../api';
import { ComplaintDueTag } from '../ComplaintTags';

type Kind = 'reply' | 'resolve' | 'level';

export function DeadlinePanel({ complaint: c }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  const running = (OPEN_COMPLAINT_STATES as readonly string[]).includes(c.state);
  const rows: { kind: Kind; due: string | null; done: string | null }[] = [
    { kind: 'reply', due: c.due.reply, done: c.times.firstReply },
    { kind: 'resolve', due: c.due.resolve, done: c.times.resolved },
    ...(c.due.level ? [{ kind: 'level' as const, due: c.due.level, done: null }] : []),
  ];
  return (
    <Table
      size="small"
      rowKey="kind"
      pagination={false}
      dataSource={rows}
      data-testid="complaint-deadlines"
      columns={[
        { title: t('complaints.main.deadline.kind'), dataIndex: 'kind', render: (k: Kind) => (k === 'level' ? t('complaints.main.deadline.level', { n: c.level }) : t(`complaints.main.dueKind.${k}`)) },
        { title: t('complaints.main.deadline.due'), dataIndex: 'due', render: (v: string | null) => formatDateTime(v) },
        { title: t('complaints.main.deadline.done'), dataIndex: 'done', render: (v: string | null) => formatDateTime(v) },
        {
          title: t('complaints.main.deadline.state'),
          key: 'state',
          render: (_, r) => {
            if (!r.due) return <Tag>{t('complaints.main.deadline.none')}</Tag>;
            if (r.done) return Date.parse(r.done) <= Date.parse(r.due) ? <Tag color="green">{t('complaints.main.deadline.met')}</Tag> : <Tag color="red">{t('complaints.main.deadline.late')}</Tag>;
            if (!running || (r.kind === 'level' && c.state === 'resolved')) return <Tag>{t('complaints.main.deadline.stopped')}</Tag>;
            return <ComplaintDueTag due={r.due} kind={null} warnAt={c.due.nextKind === r.kind ? c.due.warnAt : undefined} />;
          },
        },
      ]}
    />
  );
}
