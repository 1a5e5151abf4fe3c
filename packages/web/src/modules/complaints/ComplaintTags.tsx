// Small shared pieces of the complaint pages: state, severity, escalation level, VIP, overdue tags and the next
// deadline as a countdown.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ComplaintDueKind } from '@kehu/shared';
import { useDuration, useNow } from '../service/orders/OrderTags';
import { dueLevel } from '../service/orders/order-logic';

const STATE_COLORS: Record<string, string> = {
  draft: 'default',
  received: 'blue',
  classified: 'cyan',
  assigned: 'geekblue',
  investigating: 'purple',
  solution_proposed: 'gold',
  resolving: 'orange',
  resolved: 'lime',
  confirmed: 'green',
  invalid: 'volcano',
  return_visited: 'green',
  closed: 'default',
  dismissed: 'default',
};

export function ComplaintStateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state] ?? 'default'} data-testid="complaint-state">
      {t(`complaints.main.state.${state}`)}
    </Tag>
  );
}

const SEVERITY_COLORS: Record<string, string> = { minor: 'blue', major: 'orange', critical: 'red' };

export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={SEVERITY_COLORS[severity] ?? 'default'} data-testid="complaint-severity">
      {t(`complaints.main.severity.${severity}`)}
    </Tag>
  );
}

/** "升级 2 级" from level 2 on; nothing at level 1. */
export function LevelTag({ level }: { level: number }) {
  const { t } = useTranslation();
  if (level <= 1) return null;
  return (
    <Tag color="magenta" data-testid="complaint-level">
      {t('complaints.main.levelTag', { n: level })}
    </Tag>
  );
}

export function VipTag() {
  return <Tag color="gold">VIP</Tag>;
}

export function OverdueTag() {
  const { t } = useTranslation();
  return (
    <Tag color="red" data-testid="complaint-overdue">
      {t('complaints.main.overdue')}
    </Tag>
  );
}

/** The next deadline as a countdown: "答复 · 剩 2 小时" / "结案 · 已超时 3 小时" (red), orange once the warning time has come. */
export function ComplaintDueTag(props: { due: string | null; kind: ComplaintDueKind | null; warnAt?: string | null; showKind?: boolean }) {
  const { t } = useTranslation();
  const now = useNow();
  const duration = useDuration();
  if (!props.due) return <span>—</span>;
  const level = dueLevel(props.due, now, { warnAt: props.warnAt });
  const ms = Date.parse(props.due) - now;
  const text = level === 'overdue' ? t('complaints.main.overdueBy', { t: duration(ms) }) : t('complaints.main.remaining', { t: duration(ms) });
  const kind = props.kind && props.showKind !== false ? `${t(`complaints.main.dueKind.${props.kind}`)} · ` : '';
  return (
    <Tag color={level === 'overdue' ? 'red' : level === 'warn' ? 'orange' : 'blue'} data-testid="complaint-due" data-level={level}>
      {kind}
      {text}
    </Tag>
  );
}
