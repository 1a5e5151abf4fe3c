// Step 1 of the customer import: drop an XLSX or CSV file; the server answers headers, suggested mapping and sample rows.
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { TImportUpload } from '@kehu/shared';
import { App, Button, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/api';
import { importApi } from './ImportApi';

export function ImportUploadStep({ onUploaded }: { onUploaded: (u: TImportUpload) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <div data-testid="import-upload-step">
      <Spin spinning={busy} description={t('import.reading')}>
        <div data-testid="import-dropzone">
          <Upload.Dragger
            name="file"
            accept=".xlsx,.csv"
            multiple={false}
            showUploadList={false}
            disabled={busy}
            data-testid="import-file-input"
            customRequest={async ({ file }) => {
              setBusy(true);
              try {
                onUploaded(await importApi.upload(file as File));
              } catch (e) {
                message.error(errorText(e));
              } finally {
                setBusy(false);
              }
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('import.drop')}</p>
            <p className="ant-upload-hint">{t('import.hint')}</p>
          </Upload.Dragger>
        </div>
      </Spin>
      <Typography.Paragraph style={{ marginTop: 12 }}>
        <Button type="link" icon={<DownloadOutlined />} href={importApi.templateUrl} data-testid="import-template">
          {t('import.template')}
        </Button>
      </Typography.Paragraph>
    </div>
  );
}
