// Parts & fees of an order: the items issued to it and the fee summary (labour, call-out, parts, total).
import { useQueryClient } from '@tanstack/react-query';
import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { OPEN_STATES } from '@kehu/shared';
import { formatFen } from '../../../lib/format';
import { useCan, useMe } from '../../../lib/reference';
import { OrderPartsPanel } from '../parts/OrderPartsPanel';
import { orderKeys, type OrderDetail } from './api';

/** Whether this user may change the order's parts and items (the server checks again). */
export function useCanWorkOn(o: OrderDetail | undefined, opts: { anyState?: boolean } = {}): boolean {
  const can = useCan();
  const me = useMe().data;
  if (!o) return false;
  return (opts.anyState || OPEN_STATES.includes(o.state)) && (can('service:dispatch') || (can('service:work') && !!me && o.technician?.id === me.id));
}

export function FeeSummary({ order: o }: { order: OrderDetail }) {
  const { t } = useTranslation();
  return (
    <Descriptions bordered size="small" column={{ xs: 1, sm: 2, lg: 4 }} title={t('service.orders.fees.title')} data-testid="order-fees">
      <Descriptions.Item label={t('service.orders.fees.labour')}>{formatFen(o.fees.labourFen)}</Descriptions.Item>
      <Descriptions.Item label={t('service.orders.fees.callout')}>{formatFen(o.fees.calloutFen)}</Descriptions.Item>
      <Descriptions.Item label={t('service.orders.fees.parts')}>{formatFen(o.fees.partsFen)}</Descriptions.Item>
      <Descriptions.Item label={t('service.orders.fees.total')}>
        <strong>{formatFen(o.fees.totalFen)}</strong>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The parts panel of the parts area (issue / return parts) and the order's fee summary. */
export function OrderFees({ order: o }: { order: OrderDetail }) {
  const qc = useQueryClient();
  const canEdit = useCanWorkOn(o);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <OrderPartsPanel orderId={o.id} canEdit={canEdit} onChanged={() => void qc.invalidateQueries({ queryKey: orderKeys.detail(o.id) })} />
      <FeeSummary order={o} />
    </div>
  );
}
