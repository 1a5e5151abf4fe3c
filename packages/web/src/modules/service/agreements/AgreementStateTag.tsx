// The state of a service agreement as a coloured tag.
import type { AgreementState } from '@kehu/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLOR: Record<AgreementState, string> = { draft: 'default', active: 'green', expired: 'orange', terminated: 'red' };

export function AgreementStateTag({ state }: { state: AgreementState }) {
  const { t } = useTranslation();
  return <Tag color={COLOR[state]}>{t(`service.agreements.states.${state}`)}</Tag>;
}
