// The star level of an evaluation as a coloured tag (未达标 / 达标 / 三星 / 四星 / 五星).
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TStarLevel } from '@kehu/shared';

const COLOR: Record<TStarLevel, string> = { none: 'red', compliant: 'blue', three: 'gold', four: 'orange', five: 'volcano' };
const STARS: Record<TStarLevel, string> = { none: '', compliant: '', three: '★★★', four: '★★★★', five: '★★★★★' };

export function StarTag({ star }: { star: TStarLevel | null }) {
  const { t } = useTranslation();
  if (!star) return <>—</>;
  return (
    <Tag color={COLOR[star]}>
      {STARS[star] ? `${STARS[star]} ` : ''}
      {t(`service.evaluation.stars.${star}`)}
    </Tag>
  );
}
