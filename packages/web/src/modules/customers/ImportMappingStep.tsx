// Step 2 of the customer import: each column of the file → a customer field (suggested from the Chinese headers).
import type { TImportUpload } from '@kehu/shared';
import { Alert, Button, Checkbox, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  upload: TImportUpload;
  mapping: Record<string, string | null>;
  onMapping: (m: Record<string, string | null>) => void;
  skipDuplicates: boolean;
  onSkipDuplicates: (v: boolean) => void;
  checking: boolean;
  onBack: () => void;
  onCheck: () => void;
}

interface Row {
  header: string;
  index: number;
}

export function ImportMappingStep(props: Props) {
  const { t, i18n } = useTranslation();
  const { upload, mapping } = props;
  const en = i18n.language === 'en-US';
  const used = new Set(Object.values(mapping).filter(Boolean));
  const nameMapped = used.has('name');
  const options = (current: string | null) => [
    { value: '', label: t('import.ignore') },
    ...upload.fields.map((f) => ({ value: f.key, label: en ? f.en : f.zh, disabled: f.key !== current && used.has(f.key) })),
  ];
  return (
    <div data-testid="import-mapping-step">
      <Typography.Paragraph>
        {t('import.file', { name: upload.filename })} · {t('import.rows', { n: upload.totalRows })}
      </Typography.Paragraph>
      <Alert type={nameMapped ? 'info' : 'warning'} showIcon style={{ marginBottom: 12 }} title={t('import.mappingHint')} />
      <Table<Row>
        rowKey="header"
        size="small"
        pagination={false}
        data-testid="import-mapping-table"
        dataSource={upload.headers.map((header, index) => ({ header, index }))}
        columns={[
          { title: t('import.column'), dataIndex: 'header', width: 200 },
          {
            title: t('import.field'),
            key: 'field',
            width: 240,
            render: (_, r) => (
              <Select
                style={{ width: 220 }}
                showSearch={{ optionFilterProp: 'label' }}
                value={mapping[r.header] ?? ''}
                options={options(mapping[r.header] ?? null)}
                data-testid={`import-map-${r.index}`}
                aria-label={r.header}
                onChange={(v: string) => props.onMapping({ ...mapping, [r.header]: v || null })}
              />
            ),
          },
          {
            title: t('import.sample'),
            key: 'sample',
            render: (_, r) => (
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
                {upload.sample
                  .map((cells) => cells[r.index])
                  .filter(Boolean)
                  .join(en ? ', ' : '、')}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 16 }} wrap>
        <Checkbox checked={props.skipDuplicates} onChange={(e) => props.onSkipDuplicates(e.target.checked)} data-testid="import-skip-duplicates">
          {t('import.skipDuplicates')}
        </Checkbox>
      </Space>
      <Space style={{ marginTop: 16, display: 'flex' }}>
        <Button onClick={props.onBack}>{t('import.reupload')}</Button>
        <Button type="primary" loading={props.checking} disabled={!nameMapped} onClick={props.onCheck} data-testid="import-dry-run">
          {t('import.dryRun')}
        </Button>
      </Space>
    </div>
  );
}
