// Today's load against the daily capacity: a small bar with "n/capacity", red once the capacity is reached.
import { Progress, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

export function LoadBar({ load, capacity, width = 140 }: { load: number; capacity: number; width?: number }) {
  const { t } = useTranslation();
  const percent = capacity > 0 ? Math.min(100, Math.round((load / capacity) * 100)) : load > 0 ? 100 : 0;
  // full: nothing left for today (a zero capacity with no orders is simply idle)
  const full = load > 0 && load >= capacity;
  return (
    <Tooltip title={t('service.network.loadTip', { load, capacity })}>
      <div style={{ width }} data-testid="load-bar">
        <Progress size="small" percent={percent} status={full ? 'exception' : 'normal'} strokeColor={!full && percent >= 80 ? '#faad14' : undefined} format={() => `${load}/${capacity}`} />
      </div>
    </Tooltip>
  );
}
