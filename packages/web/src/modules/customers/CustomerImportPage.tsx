// 客户导入: upload an XLSX/CSV, map its columns, check every row, then import all rows or none.
import type { TImportDryRunResult, TImportUpload } from '@kehu/shared';
import { useQueryClient } from '@tanstack/react-query';
import { App, Card, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../lib/api';
import { customerKeys } from './api';
import { commitImport, importApi } from './ImportApi';
import { ImportCheckStep } from './ImportCheckStep';
import { ImportCommitStep } from './ImportCommitStep';
import { ImportMappingStep } from './ImportMappingStep';
import { ImportUploadStep } from './ImportUploadStep';

export function CustomerImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [step, setStep] = useState(0);
  const [upload, setUpload] = useState<TImportUpload | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [skipDuplicates, setSkipDuplicates] = useState(false);
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<TImportDryRunResult | null>(null);
  const [progress, setProgress] = useState({ processed: 0, total: 0 });
  const [final, setFinal] = useState<Awaited<ReturnType<typeof commitImport>> | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const restart = () => {
    setStep(0);
    setUpload(null);
    setResult(null);
    setFinal(null);
    setFailure(null);
    setSkipDuplicates(false);
  };

  const check = async () => {
    if (!upload) return;
    setChecking(true);
    try {
      setResult(await importApi.dryRun(upload.id, { mapping, skipDuplicates }));
      setStep(2);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setChecking(false);
    }
  };

  const commit = async () => {
    if (!result) return;
    setStep(3);
    setFinal(null);
    setFailure(null);
    setProgress({ processed: 0, total: result.commitRows });
    try {
      const state = await commitImport(result.id, (processed, total) => setProgress({ processed, total }));
      setFinal(state);
      if (state.status !== 'done') setFailure(state.failure ? t('import.failedCode', { code: state.failure }) : t('import.failed'));
      void qc.invalidateQueries({ queryKey: customerKeys.all });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IMPORT_HAS_ERRORS') {
        // rows became bad since the check (an owner left, a list entry was removed): show the new report
        message.error(e.title);
        const [state, report] = await Promise.all([importApi.state(result.id), importApi.report(result.id)]);
        setResult({ ...state, report });
        setStep(2);
        return;
      }
      setFailure(errorText(e));
    }
  };

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('import.title')}
      </Typography.Title>
      <Card>
        <Steps
          current={step}
          style={{ marginBottom: 24 }}
          data-testid="import-steps"
          items={[{ title: t('import.step1') }, { title: t('import.step2') }, { title: t('import.step3') }, { title: t('import.step4') }]}
        />
        {step === 0 && (
          <ImportUploadStep
            onUploaded={(u) => {
              setUpload(u);
              setMapping(u.mapping);
              setResult(null);
              setStep(1);
            }}
          />
        )}
        {step === 1 && upload && (
          <ImportMappingStep
            upload={upload}
            mapping={mapping}
            onMapping={setMapping}
            skipDuplicates={skipDuplicates}
            onSkipDuplicates={setSkipDuplicates}
            checking={checking}
            onBack={restart}
            onCheck={() => void check()}
          />
        )}
        {step === 2 && result && <ImportCheckStep result={result} onBack={() => setStep(1)} onCommit={() => void commit()} />}
        {step === 3 && <ImportCommitStep progress={progress} final={final} failure={failure} onAgain={restart} onBack={() => setStep(1)} />}
      </Card>
    </div>
  );
}
