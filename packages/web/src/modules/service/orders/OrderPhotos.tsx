// Photos of an order (before/after, nameplate, fault): thumbnails and upload (the camera on a phone).
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PhotoGallery } from '../shared/PhotoGallery';
import { orderApi, orderKeys, photoUrl, useOrderPhotos } from './api';

export function OrderPhotos(props: { orderId: number; canUpload: boolean; camera?: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { orderId } = props;
  const { data: photos = [] } = useOrderPhotos(orderId);

  return (
    <PhotoGallery
      photos={photos}
      fileUrl={(fileId) => photoUrl(orderId, fileId)}
      upload={(file) => orderApi.uploadPhoto(orderId, file)}
      onUploaded={async () => {
        await qc.invalidateQueries({ queryKey: orderKeys.photos(orderId) });
        await qc.invalidateQueries({ queryKey: orderKeys.detail(orderId) });
      }}
      canUpload={props.canUpload}
      accept="image/*"
      camera={props.camera}
      testIdPrefix="order-photo"
      labels={{
        upload: t('service.orders.photos.upload'),
        take: t('service.orders.photos.take'),
        uploaded: t('service.orders.photos.uploaded'),
        empty: t('service.orders.photos.empty'),
      }}
    />
  );
}
