// Step 3 of the customer import: the dry run's counts, every bad row with its reason, and look-alikes of existing customers.
import { DownloadOutlined } from '@ant-design/icons';
import type { TImportDryRunResult, TImportProblem, TImportWarning } from '@kehu/shared';
import { Alert, Button, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { importApi } from './ImportApi';

interface Props {
  result: TImportDryRunResult;
  onBack: () => void;
  onCommit: () => void;
}

interface ProblemRow extends TImportProblem {
  key: string;
  row: number;
}

export function ImportCheckStep({ result, onBack, onCommit }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const problems: ProblemRow[] = result.report.errors.flatMap((e) => e.problems.map((p, i) => ({ ...p, key: `${e.row}-${i}`, row: e.row })));
  const hasErrors = result.errorRows > 0;
  const limited = result.errorRows > result.report.limit || result.warningRows > result.report.limit;
  return (
    <div data-testid="import-check-step">
      <Row gutter={24} style={{ marginBottom: 16 }}>
        <Col>
          <Statistic title={t('import.total')} value={result.totalRows} />
        </Col>
        <Col>
          <Statistic title={t('import.okRows')} value={result.okRows} styles={{ content: { color: '#389e0d' } }} data-testid="import-ok-count" />
        </Col>
        <Col>
          <Statistic title={t('import.badRows')} value={result.errorRows} styles={{ content: { color: hasErrors ? '#cf1322' : undefined } }} data-testid="import-error-count" />
        </Col>
        <Col>
          <Statistic title={t('import.warnRows')} value={result.warningRows} styles={{ content: { color: result.warningRows ? '#d48806' : undefined } }} />
        </Col>
      </Row>

      {hasErrors ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('import.fixFirst')} />
      ) : (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} title={result.commitRows > 0 ? t('import.allGood', { n: result.commitRows }) : t('import.nothing')} />
      )}
      {limited && <Typography.Paragraph type="secondary">{t('import.listLimited', { n: result.report.limit })}</Typography.Paragraph>}

      {hasErrors && (
        <>
          <Space style={{ marginBottom: 8 }}>
            <Button icon={<DownloadOutlined />} href={importApi.errorsUrl(result.id)} data-testid="import-download-errors">
              {t('import.downloadErrors')}
            </Button>
          </Space>
          <Table<ProblemRow>
            size="small"
            data-testid="import-error-table"
            dataSource={problems}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 80 },
              { title: t('import.column'), key: 'column', width: 180, render: (_, p) => p.column ?? p.field },
              { title: t('import.reason'), key: 'reason', render: (_, p) => <Typography.Text type="danger">{p.message[lang]}</Typography.Text> },
            ]}
          />
        </>
      )}

      {result.report.warnings.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('import.warningsTitle')}
          </Typography.Title>
          <Table<TImportWarning>
            size="small"
            rowKey="row"
            data-testid="import-warning-table"
            dataSource={result.report.warnings}
            pagination={{ pageSize: 10, showSizeChanger: false }}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 80 },
              { title: t('customer.name'), dataIndex: 'name', width: 260 },
              {
                title: t('import.existing'),
                key: 'matches',
                render: (_, w) => (
                  <Space orientation="vertical" size={2}>
                    {w.matches.map((m) => (
                      <span key={m.id}>
                        <Link to={`/customers/${m.id}`} target="_blank" data-testid="import-duplicate-link">
                          {m.code} {m.name}
                        </Link>{' '}
                        {m.reasons.map((r) => (
                          <Tag color="orange" key={r}>
                            {t(`customer.duplicate.reasons.${r}`)}
                          </Tag>
                        ))}
                      </span>
                    ))}
                    {w.earlierRow && <Typography.Text type="secondary">{t('import.sameAs', { n: w.earlierRow })}</Typography.Text>}
                  </Space>
                ),
              },
            ]}
          />
        </>
      )}

      <Space style={{ marginTop: 16, display: 'flex' }}>
        <Button onClick={onBack}>{t('import.back')}</Button>
        <Button type="primary" disabled={hasErrors || result.commitRows === 0} onClick={onCommit} data-testid="import-commit">
          {t('import.commit')}
        </Button>
      </Space>
    </div>
  );
}
