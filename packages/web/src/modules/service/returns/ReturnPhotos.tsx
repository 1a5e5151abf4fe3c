// Photos of a returned product (packaging, damage, nameplate, invoice): thumbnails and upload.
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Image, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { returnApi, returnKeys, returnPhotoUrl, useReturnPhotos } from './api';

export function ReturnPhotos(props: { returnId: number; canUpload: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const { data: photos = [] } = useReturnPhotos(props.returnId);

  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    try {
      for (const f of Array.from(files)) await returnApi.uploadPhoto(props.returnId, f);
      message.success(t('service.returns.photos.uploaded'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
      await qc.invalidateQueries({ queryKey: returnKeys.photos(props.returnId) });
      await qc.invalidateQueries({ queryKey: returnKeys.detail(props.returnId) });
    }
  };

  return (
    <div>
      {props.canUpload && (
        <>
          <input ref={input} type="file" accept="image/*,application/pdf" multiple style={{ display: 'none' }} data-testid="return-photo-input" onChange={(e) => void upload(e.target.files)} />
          <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()} style={{ marginBottom: 12 }} data-testid="return-photo-upload">
            {t('service.returns.photos.upload')}
          </Button>
        </>
      )}
      {photos.length ? (
        <Image.PreviewGroup>
          <Space wrap size={12}>
            {photos
              .filter((p) => p.mime.startsWith('image/'))
              .map((p) => (
                <div key={p.id} style={{ width: 120 }}>
                  <Image src={returnPhotoUrl(props.returnId, p.id)} width={120} height={90} style={{ objectFit: 'cover', borderRadius: 4 }} alt={p.filename} />
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis>
                    {formatDateTime(p.createdAt)} {p.createdByName ?? ''}
                  </Typography.Text>
                </div>
              ))}
            {photos
              .filter((p) => !p.mime.startsWith('image/'))
              .map((p) => (
                <a key={p.id} href={returnPhotoUrl(props.returnId, p.id)} target="_blank" rel="noreferrer">
                  {p.filename}
                </a>
              ))}
          </Space>
        </Image.PreviewGroup>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('service.returns.photos.empty')} />
      )}
    </div>
  );
}
