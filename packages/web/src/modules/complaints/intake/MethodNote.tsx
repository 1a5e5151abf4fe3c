// The side note of the intake form: the basic method of handling a complaint (S4 5.2.5) and the four needs of a
// complaining customer (S4 5.2.3), as a reminder while the agent is on the phone.
import { Card, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const STEPS = ['listen', 'apologise', 'ask', 'record', 'solve', 'close'] as const;

export function MethodNote() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('complaints.main.method.title')} data-testid="complaint-method">
      <Steps
        orientation="vertical"
        size="small"
        current={-1}
        items={STEPS.map((s) => ({ title: t(`complaints.main.method.${s}`), content: t(`complaints.main.method.${s}Hint`) }))}
      />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0, fontSize: 12 }}>
        {t('complaints.main.method.needs')}
      </Typography.Paragraph>
    </Card>
  );
}
