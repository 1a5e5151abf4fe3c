// The claim's state as a tag, coloured by how far the claim is.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ClaimState } from '@kehu/shared';

const STATE_COLOR: Record<ClaimState, string> = {
  received: 'blue',
  evidence_collected: 'geekblue',
  liability_determined: 'purple',
  approved: 'cyan',
  settled: 'gold',
  rejected: 'red',
  recovery: 'orange',
  closed: 'green',
};

export function ClaimStateTag({ state }: { state: ClaimState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="claim-state">
      {t(`complaints.claims.state.${state}`)}
    </Tag>
  );
}
