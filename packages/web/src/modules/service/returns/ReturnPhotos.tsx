// Photos of a returned product (packaging, damage, nameplate, invoice): thumbnails and upload.
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PhotoGallery } from '../shared/PhotoGallery';
import { returnApi, returnKeys, returnPhotoUrl, useReturnPhotos } from './api';

export function ReturnPhotos(props: { returnId: number; canUpload: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { returnId } = props;
  const { data: photos = [] } = useReturnPhotos(returnId);

  return (
    <PhotoGallery
      photos={photos}
      fileUrl={(fileId) => returnPhotoUrl(returnId, fileId)}
      upload={(file) => returnApi.uploadPhoto(returnId, file)}
      onUploaded={async () => {
        await qc.invalidateQueries({ queryKey: returnKeys.photos(returnId) });
        await qc.invalidateQueries({ queryKey: returnKeys.detail(returnId) });
      }}
      canUpload={props.canUpload}
      accept="image/*,application/pdf"
      testIdPrefix="return-photo"
      labels={{
        upload: t('service.returns.photos.upload'),
        uploaded: t('service.returns.photos.uploaded'),
        empty: t('service.returns.photos.empty'),
      }}
    />
  );
}
