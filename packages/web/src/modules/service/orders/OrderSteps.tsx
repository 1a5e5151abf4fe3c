// The order's path as steps: 受理 → 派工 → 预约 → 出发 → 到场 → 处理中 → 完工 → 回访 → 评价 → 关闭 (per service mode).
import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderState } from '@kehu/shared';
import { formatDateTime } from '../../../lib/format';
import type { OrderDetail } from './api';
import { pathOf } from './order-logic';

export function OrderSteps({ order: o, vertical }: { order: OrderDetail; vertical?: boolean }) {
  const { t } = useTranslation();
  const visited = o.events.map((e) => e.to).filter((s): s is string => !!s);
  const path = pathOf(o.mode, visited);
  const reachedAt = (s: string) => {
    const e = [...o.events].reverse().find((x) => x.to === s && x.from !== s);
    return e ? formatDateTime(e.at) : undefined;
  };
  const cancelled = o.state === 'cancelled';
  const lastBefore = cancelled ? ([...o.events].reverse().find((e) => e.to === 'cancelled')?.from ?? 'received') : o.state;
  const norm = lastBefore === 'waiting_parts' ? 'in_service' : lastBefore;
  const current = Math.max(0, path.indexOf(norm as OrderState));
  const shown = cancelled ? [...path.slice(0, current + 1), 'cancelled' as OrderState] : path;
  const items = shown.map((s, i) => {
    const status: 'finish' | 'process' | 'wait' | 'error' = cancelled ? (s === 'cancelled' ? 'error' : 'finish') : i < current ? 'finish' : i === current ? (o.state === 'closed' ? 'finish' : 'process') : 'wait';
    const title = s === 'in_service' && o.state === 'waiting_parts' ? t('service.orders.state.waiting_parts') : t(`service.orders.steps.${s}`);
    return { key: s, title, status, content: s === 'cancelled' ? formatDateTime(o.times.cancelled) : status !== 'wait' ? reachedAt(s) : undefined };
  });
  return <Steps size="small" orientation={vertical ? 'vertical' : 'horizontal'} titlePlacement={vertical ? undefined : 'vertical'} items={items} data-testid="order-steps" />;
}
