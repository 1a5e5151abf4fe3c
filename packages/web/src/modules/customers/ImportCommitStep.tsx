// Step 4 of the customer import: the progress of the all-or-nothing commit, then its outcome.
import type { TImportState } from '@kehu/shared';
import { Button, Progress, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

interface Props {
  progress: { processed: number; total: number };
  final: TImportState | null;
  failure: string | null;
  onAgain: () => void;
  onBack: () => void;
}

export function ImportCommitStep({ progress, final, failure, onAgain, onBack }: Props) {
  const { t } = useTranslation();
  const percent = progress.total > 0 ? Math.floor((progress.processed / progress.total) * 100) : 0;
  if (failure) {
    return (
      <Result
        status="error"
        title={t('import.failed')}
        subTitle={failure}
        data-testid="import-failed"
        extra={[
          <Button key="back" onClick={onBack}>
            {t('import.back')}
          </Button>,
          <Button key="again" onClick={onAgain}>
            {t('import.again')}
          </Button>,
        ]}
      />
    );
  }
  if (final && final.status === 'done') {
    return (
      <Result
        status="success"
        title={t('import.done', { n: final.processedRows })}
        data-testid="import-done"
        extra={[
          <Link key="list" to="/customers" data-testid="import-go-list">
            <Button type="primary">{t('import.goList')}</Button>
          </Link>,
          <Button key="again" onClick={onAgain}>
            {t('import.again')}
          </Button>,
        ]}
      />
    );
  }
  return (
    <div data-testid="import-commit-step" style={{ maxWidth: 640, margin: '32px auto', textAlign: 'center' }}>
      <Typography.Title level={5}>{t('import.progress')}</Typography.Title>
      <Progress percent={percent} status="active" data-testid="import-progress" aria-valuenow={percent} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {progress.processed.toLocaleString()} / {progress.total.toLocaleString()}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('import.running')}</Typography.Paragraph>
    </div>
  );
}
