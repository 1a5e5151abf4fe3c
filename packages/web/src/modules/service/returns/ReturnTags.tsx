// The request's state and type as tags, coloured by how far the request is.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReturnState, ReturnType } from '@kehu/shared';

const STATE_COLOR: Record<ReturnState, string> = {
  requested: 'blue',
  approved: 'cyan',
  rejected: 'red',
  goods_received: 'geekblue',
  inspected: 'purple',
  refunded: 'gold',
  exchanged: 'gold',
  repair: 'orange',
  closed: 'green',
};

export function ReturnStateTag({ state }: { state: ReturnState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="return-state">
      {t(`service.returns.state.${state}`)}
    </Tag>
  );
}

const TYPE_COLOR: Record<ReturnType, string> = { return: 'volcano', exchange: 'blue', repair: 'default' };

export function ReturnTypeTag({ type }: { type: ReturnType }) {
  const { t } = useTranslation();
  return <Tag color={TYPE_COLOR[type]}>{t(`service.returns.types.${type}`)}</Tag>;
}
