// Evidence of a claim (photos of the damage, delivery notes, test reports): thumbnails, PDF links and upload.
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TClaim } from '@kehu/shared';
import { useCan } from '../../../lib/reference';
import { PhotoGallery } from '../../service/shared/PhotoGallery';
import { claimApi, claimFileUrl, claimKeys } from './api';

export function ClaimFiles({ claim: c }: { claim: TClaim }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const can = useCan();
  return (
    <PhotoGallery
      photos={c.files.map((f) => ({ id: f.id, filename: f.name, mime: f.mime, createdAt: f.createdAt, createdByName: f.createdByName }))}
      fileUrl={(fileId) => claimFileUrl(c.id, fileId)}
      upload={(file) => claimApi.uploadFile(c.id, file)}
      onUploaded={() => qc.invalidateQueries({ queryKey: claimKeys.detail(c.id) })}
      canUpload={can('complaints:claim') && c.state !== 'closed'}
      accept="image/*,application/pdf"
      testIdPrefix="claim-file"
      labels={{ upload: t('complaints.claims.files.upload'), uploaded: t('complaints.claims.files.uploaded'), empty: t('complaints.claims.files.empty') }}
    />
  );
}
