// The complaint's history as a timeline, oldest first: every action with who and when, the state it moved to, the
// note; replies to the customer show their text (and whether they were e-mailed).
import { Empty, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import type { ComplaintEvent } from '../api';

/** Columns named by an 'update' event → the label of the field (under complaints.main). */
const COLUMN_LABEL: Record<string, string> = {
  complainant_name: 'complainant',
  complainant_phone: 'phone',
  complainant_email: 'email',
  order_no: 'orderNo',
  summary: 'summary',
  demands: 'demands',
  demand_note: 'demandNote',
  temperament: 'temperamentLabel',
  value_orientation: 'valueOrientation',
  soothing: 'soothing',
  investigation: 'investigation',
  root_cause: 'rootCause',
  cause_analysis: 'causeAnalysis',
  unit_id: 'unit',
  product_id: 'product',
  service_order_id: 'serviceOrder',
  outlet_id: 'outlet',
};
/** Texts a transition carries, shown under it as "label：text". */
const DATA_TEXTS = ['solution', 'resolution', 'invalidReason', 'confirmReason', 'visitResult'] as const;

const COLORS: Record<string, string> = { reply: 'green', escalate: 'red', reopen: 'red', breach: 'red', dismiss: 'gray', invalidate: 'orange', close: 'gray', warn: 'orange' };

export function ComplaintTimeline({ events }: { events: ComplaintEvent[] }) {
  const { t } = useTranslation();
  if (!events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const stateName = (s: string) => t(`complaints.main.state.${s}`, { defaultValue: s });
  const actionName = (e: ComplaintEvent) => {
    // the customer's own answer through the tracking link reads differently from an agent's action
    const a = e.data?.by === 'customer' && (e.action === 'confirm' || e.action === 'reopen') ? `customer_${e.action}` : e.action;
    return t(`complaints.main.event.${a}`, { defaultValue: t(`complaints.main.actions.${a}`, { defaultValue: a }) });
  };

  return (
    <Timeline
      data-testid="complaint-timeline"
      items={events.map((e) => {
        const d = e.data ?? {};
        const byCustomer = d.by === 'customer';
        const extra: string[] = [];
        const texts = DATA_TEXTS.filter((k) => typeof d[k] === 'string' && d[k]).map((k) => `${t(`complaints.main.${k}`)}：${String(d[k])}`);
        if (e.action === 'update' && Array.isArray(e.data)) {
          const names = [...new Set((e.data as string[]).filter((c) => COLUMN_LABEL[c]).map((c) => t(`complaints.main.${COLUMN_LABEL[c]}`)))];
          extra.push(...names);
        }
        if (d.auto === true) extra.push(t('complaints.main.autoEscalated', { kind: t(`complaints.main.dueKind.${String(d.kind)}`, { defaultValue: String(d.kind ?? '') }) }));
        if (typeof d.level === 'number') extra.push(t('complaints.main.levelTag', { n: d.level }));
        if (e.action === 'create' && typeof d.channel === 'string') extra.push(t(`complaints.main.channel.${d.channel}`, { defaultValue: d.channel }));
        if (e.action === 'corrective' && typeof d.kind === 'string') extra.push(t(`complaints.main.corrective.kind.${d.kind}`, { defaultValue: d.kind }));
        if (typeof d.confirmation === 'string') extra.push(t(`complaints.main.confirmation.${d.confirmation}`, { defaultValue: d.confirmation }));
        return {
          key: e.id,
          color: COLORS[e.action] ?? 'blue',
          content: (
            <div data-testid={`complaint-event-${e.action}`}>
              <Typography.Text strong>{actionName(e)}</Typography.Text>
              {e.from && e.to && e.from !== e.to && (
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {stateName(e.from)} → {stateName(e.to)}
                </Typography.Text>
              )}
              {extra.map((x) => (
                <Tag key={x} style={{ marginLeft: 8 }}>
                  {x}
                </Tag>
              ))}
              {e.action === 'reply' && d.emailed === true && (
                <Tag color="green" style={{ marginLeft: 8 }}>
                  {t('complaints.main.reply.emailed')}
                </Tag>
              )}
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(e.at)} · {byCustomer ? t('complaints.main.byCustomer') : (e.actorName ?? t('complaints.main.system'))}
                </Typography.Text>
              </div>
              {e.action === 'reply' && typeof d.text === 'string' && (
                <blockquote style={{ margin: '6px 0', padding: '6px 10px', borderLeft: '3px solid #95de64', background: '#f6ffed', whiteSpace: 'pre-wrap' }} data-testid="complaint-reply-text">
                  {d.text}
                </blockquote>
              )}
              {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
              {texts.map((x) => (
                <div key={x} style={{ whiteSpace: 'pre-wrap' }}>
                  {x}
                </div>
              ))}
            </div>
          ),
        };
      })}
    />
  );
}
