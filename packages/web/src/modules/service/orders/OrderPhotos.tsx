// Photos of an order (before/after, nameplate, fault): thumbnails and upload (the camera on a phone).
import { CameraOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Image, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { orderApi, orderKeys, photoUrl, useOrderPhotos } from './api';

export function OrderPhotos(props: { orderId: number; canUpload: boolean; camera?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const { data: photos = [] } = useOrderPhotos(props.orderId);

  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    try {
      for (const f of Array.from(files)) await orderApi.uploadPhoto(props.orderId, f);
      message.success(t('service.orders.photos.uploaded'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
      await qc.invalidateQueries({ queryKey: orderKeys.photos(props.orderId) });
      await qc.invalidateQueries({ queryKey: orderKeys.detail(props.orderId) });
    }
  };

  return (
    <div>
      {props.canUpload && (
        <>
          <input
            ref={input}
            type="file"
            accept="image/*"
            multiple={!props.camera}
            {...(props.camera ? { capture: 'environment' as const } : {})}
            style={{ display: 'none' }}
            data-testid="order-photo-input"
            onChange={(e) => void upload(e.target.files)}
          />
          <Button
            icon={props.camera ? <CameraOutlined /> : <UploadOutlined />}
            loading={busy}
            block={props.camera}
            size={props.camera ? 'large' : 'middle'}
            onClick={() => input.current?.click()}
            style={{ marginBottom: 12 }}
            data-testid="order-photo-upload"
          >
            {props.camera ? t('service.orders.photos.take') : t('service.orders.photos.upload')}
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
                  <Image src={photoUrl(props.orderId, p.id)} width={120} height={90} style={{ objectFit: 'cover', borderRadius: 4 }} alt={p.filename} />
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis>
                    {formatDateTime(p.createdAt)} {p.createdByName ?? ''}
                  </Typography.Text>
                </div>
              ))}
            {photos
              .filter((p) => !p.mime.startsWith('image/'))
              .map((p) => (
                <a key={p.id} href={photoUrl(props.orderId, p.id)} target="_blank" rel="noreferrer">
                  {p.filename}
                </a>
              ))}
          </Space>
        </Image.PreviewGroup>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('service.orders.photos.empty')} />
      )}
    </div>
  );
}
