// 机器档案导入: upload an XLSX/CSV of units; every row is checked and either all are imported or none, with the bad
// rows and their reasons listed.
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { TUnitImportRowError } from '@kehu/shared';
import { UNIT_IMPORT_COLUMNS } from '@kehu/shared';
import { Alert, Button, Card, Result, Space, Spin, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { currentLanguage } from '../../../app/i18n';
import { ApiError, errorText } from '../../../lib/api';
import { catalogueApi, useCatalogueMutation } from './api';

type Outcome = { kind: 'done'; imported: number } | { kind: 'rows'; errorRows: number; rows: TUnitImportRowError[] } | { kind: 'error'; text: string };

export function UnitImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const upload = useCatalogueMutation((file: File) => catalogueApi.importUnits(file));
  const lang = currentLanguage();
  const columnName = (field: string) => {
    const c = UNIT_IMPORT_COLUMNS.find((x) => x.key === field);
    return c ? (lang === 'en-US' ? c.en : c.zh) : field;
  };

  const onFile = async (file: File) => {
    setOutcome(null);
    try {
      const res = await upload.mutateAsync(file);
      setOutcome({ kind: 'done', imported: res.imported });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IMPORT_HAS_ERRORS') {
        setOutcome({ kind: 'rows', errorRows: Number(e.body.errorRows ?? 0), rows: (e.body.rowErrors as TUnitImportRowError[]) ?? [] });
      } else setOutcome({ kind: 'error', text: errorText(e) });
    }
  };

  const flat = outcome?.kind === 'rows' ? outcome.rows.flatMap((r) => r.problems.map((p, i) => ({ key: `${r.row}-${i}`, row: r.row, field: p.field, message: p.message }))) : [];
  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.catalogue.import.title')}
      </Typography.Title>
      <Card>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('service.catalogue.import.rule')} description={t('service.catalogue.import.hint')} />
        <Spin spinning={upload.isPending} description={t('service.catalogue.import.uploading')}>
          <div data-testid="unit-import-dropzone">
            <Upload.Dragger
              name="file"
              accept=".xlsx,.csv"
              multiple={false}
              showUploadList={false}
              disabled={upload.isPending}
              customRequest={({ file }) => void onFile(file as File)}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p>{t('service.catalogue.import.drop')}</p>
            </Upload.Dragger>
          </div>
        </Spin>
        <Button type="link" icon={<DownloadOutlined />} href={catalogueApi.templateUrl(lang)} style={{ marginTop: 12, paddingLeft: 0 }}>
          {t('service.catalogue.import.template')}
        </Button>
      </Card>

      {outcome?.kind === 'done' && (
        <Result
          status="success"
          title={t('service.catalogue.import.done', { n: outcome.imported })}
          extra={
            <Space>
              <Button type="primary" onClick={() => navigate('/service/units')}>
                {t('service.catalogue.import.goList')}
              </Button>
            </Space>
          }
        />
      )}
      {outcome?.kind === 'error' && <Alert type="error" showIcon style={{ marginTop: 16 }} title={outcome.text} />}
      {outcome?.kind === 'rows' && (
        <Card style={{ marginTop: 16 }} data-testid="unit-import-errors">
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('service.catalogue.import.failed', { n: outcome.errorRows })} />
          <Table
            rowKey="key"
            size="small"
            dataSource={flat}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: t('service.catalogue.import.row'), dataIndex: 'row', width: 90 },
              { title: t('service.catalogue.import.field'), dataIndex: 'field', width: 160, render: (v: string) => columnName(v) },
              { title: t('service.catalogue.import.reason'), dataIndex: 'message' },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
