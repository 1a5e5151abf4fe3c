// A unit's warranty state as a coloured tag with its end date: green in warranty, red expired, grey unknown.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format';

export type WarrantyState = 'in' | 'out' | 'unknown' | 'notStarted';

/** The state on `today` (YYYY-MM-DD) from the stored warranty end and purchase date. */
export function warrantyState(warrantyEnd: string | null, today: string, purchaseDate?: string | null): WarrantyState {
  if (!warrantyEnd) return 'unknown';
  if (purchaseDate && today < purchaseDate) return 'notStarted';
  return today <= warrantyEnd ? 'in' : 'out';
}

const COLOURS: Record<WarrantyState, string> = { in: 'green', out: 'red', unknown: 'default', notStarted: 'blue' };

export function WarrantyTag({ state, warrantyEnd }: { state: WarrantyState; warrantyEnd: string | null }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[state]} data-testid="warranty-tag">
      {t(`service.catalogue.unit.tag.${state}`)}
      {warrantyEnd && ` · ${t('service.catalogue.unit.endsOn', { date: formatDate(warrantyEnd) })}`}
    </Tag>
  );
}
