// Small shared pieces of the order pages: state / warranty tags and the deadline countdown.
import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DueKind } from './api';
import { dueLevel } from './order-logic';

const STATE_COLORS: Record<string, string> = {
  received: 'blue',
  dispatched: 'cyan',
  scheduled: 'geekblue',
  en_route: 'purple',
  on_site: 'purple',
  checked_in: 'purple',
  remote_support: 'purple',
  in_service: 'orange',
  waiting_parts: 'gold',
  ready: 'lime',
  completed: 'green',
  return_visited: 'green',
  evaluated: 'green',
  closed: 'default',
  cancelled: 'red',
};

export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state] ?? 'default'} data-testid="order-state">
      {t(`service.orders.state.${state}`)}
    </Tag>
  );
}

export function WarrantyTag({ warranty }: { warranty: string }) {
  const { t } = useTranslation();
  const color = warranty === 'in' ? 'green' : warranty === 'agreement' ? 'cyan' : warranty === 'out' ? 'volcano' : 'default';
  return <Tag color={color}>{t(`service.orders.warranty.${warranty}`)}</Tag>;
}

/** The current time, refreshed every `everyMs` so countdowns move. */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(h);
  }, [everyMs]);
  return now;
}

/** "2 小时" / "3 天 4 小时" for a span in milliseconds. */
export function useDuration() {
  const { t } = useTranslation();
  return (ms: number) => {
    const min = Math.max(1, Math.round(Math.abs(ms) / 60_000));
    if (min < 60) return t('service.orders.durMinutes', { n: min });
    const h = Math.floor(min / 60);
    if (h < 48) return t('service.orders.durHours', { n: h });
    const d = Math.floor(h / 24);
    return h % 24 ? t('service.orders.durDaysHours', { d, h: h % 24 }) : t('service.orders.durDays', { n: d });
  };
}

/** The next deadline as a countdown tag: "到场 · 剩 2 小时" / "已超时 3 小时" (red), orange in the warning share. */
export function DueTag(props: { due: string | null; kind: DueKind | null; warnAt?: string | null; start?: string | null; warnPercent?: number; showKind?: boolean }) {
  const { t } = useTranslation();
  const now = useNow();
  const duration = useDuration();
  if (!props.due) return <span>—</span>;
  const level = dueLevel(props.due, now, props);
  const ms = Date.parse(props.due) - now;
  const text = level === 'overdue' ? t('service.orders.overdueBy', { t: duration(ms) }) : t('service.orders.remaining', { t: duration(ms) });
  const kind = props.kind && props.showKind !== false ? `${t(`service.orders.due.${props.kind}`)} · ` : '';
  return (
    <Tag color={level === 'overdue' ? 'red' : level === 'warn' ? 'orange' : 'blue'} data-testid="order-due" data-level={level}>
      {kind}
      {text}
    </Tag>
  );
}
