// Photo gallery of a service record (order, return): thumbnails, links to non-image files and upload.
import { CameraOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Empty, Image, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { errorText } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';

export interface GalleryPhoto {
  id: number;
  filename: string;
  mime: string;
  createdAt: string;
  createdByName: string | null;
}

export interface PhotoGalleryProps {
  photos: GalleryPhoto[];
  /** URL of one stored file. */
  fileUrl: (fileId: number) => string;
  /** Uploads one file; called once per chosen file. */
  upload: (file: File) => Promise<unknown>;
  /** Refreshes whatever shows the photos once an upload round ends (also after a failure). */
  onUploaded: () => Promise<void>;
  canUpload: boolean;
  /** `accept` of the file input. */
  accept: string;
  /** On a phone: one photo at a time straight from the rear camera, large full-width button. */
  camera?: boolean;
  /** Prefix of the test ids: `<prefix>-input`, `<prefix>-upload`. */
  testIdPrefix: string;
  labels: { upload: string; take?: string; uploaded: string; empty: string };
}

export function PhotoGallery(props: PhotoGalleryProps) {
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const { photos, fileUrl, camera, labels } = props;

  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    try {
      for (const f of Array.from(files)) await props.upload(f);
      message.success(labels.uploaded);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
      await props.onUploaded();
    }
  };

  return (
    <div>
      {props.canUpload && (
        <>
          <input
            ref={input}
            type="file"
            accept={props.accept}
            multiple={!camera}
            {...(camera ? { capture: 'environment' as const } : {})}
            style={{ display: 'none' }}
            data-testid={`${props.testIdPrefix}-input`}
            onChange={(e) => void upload(e.target.files)}
          />
          <Button
            icon={camera ? <CameraOutlined /> : <UploadOutlined />}
            loading={busy}
            block={camera}
            size={camera ? 'large' : 'middle'}
            onClick={() => input.current?.click()}
            style={{ marginBottom: 12 }}
            data-testid={`${props.testIdPrefix}-upload`}
          >
            {camera ? (labels.take ?? labels.upload) : labels.upload}
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
                  <Image src={fileUrl(p.id)} width={120} height={90} style={{ objectFit: 'cover', borderRadius: 4 }} alt={p.filename} />
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis>
                    {formatDateTime(p.createdAt)} {p.createdByName ?? ''}
                  </Typography.Text>
                </div>
              ))}
            {photos
              .filter((p) => !p.mime.startsWith('image/'))
              .map((p) => (
                <a key={p.id} href={fileUrl(p.id)} target="_blank" rel="noreferrer">
                  {p.filename}
                </a>
              ))}
          </Space>
        </Image.PreviewGroup>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={labels.empty} />
      )}
    </div>
  );
}
