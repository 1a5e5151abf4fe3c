// The 三包 window check of a request: verdict, the days since purchase and every window's last day.
import { Alert, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { translate, type TReturnEligibility } from '@kehu/shared';
import { currentLanguage } from '../../../app/i18n';
import { formatDate } from '../../../lib/format';

export function EligibilityPanel({ e }: { e: TReturnEligibility }) {
  const { t } = useTranslation();
  const k = (s: string) => t(`service.returns.eligibility.${s}`);
  const day = (v: string | null) => (v ? formatDate(v) : k('windowOff'));
  let verdict: { type: 'success' | 'error' | 'warning'; title: string };
  if (!e.purchaseDate && e.type !== 'repair') verdict = { type: 'warning', title: k('purchaseMissing') };
  else if (e.type === 'repair') verdict = { type: e.decision.repairFree ? 'success' : 'warning', title: e.decision.repairFree ? k('repairFree') : k('repairPaid') };
  else if (e.eligible) verdict = { type: 'success', title: k('eligible') };
  else verdict = { type: 'error', title: t('service.returns.eligibility.notEligibleWhy', { why: t(`service.returns.rejection.${e.code}`, { defaultValue: e.code ?? '' }) }) };
  return (
    <div data-testid="return-eligibility">
      <Alert
        type={verdict.type}
        showIcon
        title={verdict.title}
        description={
          e.purchaseDate ? (
            <Typography.Text>
              {t('service.returns.purchaseDate')} {formatDate(e.purchaseDate)} · {t('service.returns.requestDate')} {formatDate(e.requestDate)}
              {e.daysSincePurchase !== null && ` · ${t('service.returns.eligibility.daysSince', { n: e.daysSincePurchase })}`}
              {e.lastDay && e.type !== 'repair' && ` · ${k('lastDay')} ${formatDate(e.lastDay)}`}
            </Typography.Text>
          ) : undefined
        }
        style={{ marginBottom: 8 }}
      />
      {e.purchaseDate && (
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={k('returnUntil')}>{day(e.returnUntil)}</Descriptions.Item>
          <Descriptions.Item label={k('exchangeUntil')}>{day(e.exchangeUntil)}</Descriptions.Item>
          <Descriptions.Item label={k('noReasonUntil')}>{day(e.noReasonReturnUntil)}</Descriptions.Item>
          <Descriptions.Item label={k('warrantyEnd')}>{day(e.warrantyEnd)}</Descriptions.Item>
          <Descriptions.Item label={k('decision')} span={2}>
            {translate(e.decision.reason, currentLanguage()) ?? e.decision.reason}
          </Descriptions.Item>
        </Descriptions>
      )}
    </div>
  );
}
