// The read-mostly tabs of the customer card: grade history, attachments, notes, timeline.
import { InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Pagination, Popconfirm, Space, Table, Timeline, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, post } from '../../lib/api';
import { formatDateTime, formatSize } from '../../lib/format';
import { useDictLabel } from '../../lib/reference';
import { customerApi, customerKeys, type Page } from './api';

interface GradeRow {
  id: number;
  oldGrade: string | null;
  newGrade: string;
  reason: string;
  approvedBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

export function GradeHistoryTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const label = useDictLabel();
  const { data, isLoading } = useQuery({ queryKey: customerKeys.grades(customerId), queryFn: () => get<{ items: GradeRow[] }>(`/api/v1/customers/${customerId}/grade-history`) });
  return (
    <Table<GradeRow>
      rowKey="id"
      size="small"
      loading={isLoading}
      pagination={false}
      dataSource={data?.items ?? []}
      columns={[
        { title: t('customer.gradeLog.old'), dataIndex: 'oldGrade', render: (v) => label('grade', v) },
        { title: t('customer.gradeLog.new'), dataIndex: 'newGrade', render: (v) => label('grade', v) },
        { title: t('customer.gradeLog.reason'), dataIndex: 'reason' },
        { title: t('customer.gradeLog.approvedBy'), dataIndex: 'approvedBy' },
        { title: t('common.by'), dataIndex: 'createdByName' },
        { title: t('customer.gradeLog.when'), dataIndex: 'createdAt', render: (v) => formatDateTime(v) },
      ]}
    />
  );
}

interface AttachmentRow {
  id: number;
  filename: string;
  mime: string;
  size: number;
  createdAt: string;
  createdByName: string | null;
}

export function AttachmentsTab({ customerId, editable }: { customerId: number; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data, isLoading } = useQuery({ queryKey: customerKeys.attachments(customerId), queryFn: () => get<{ items: AttachmentRow[] }>(`/api/v1/customers/${customerId}/attachments`) });
  const refresh = () => qc.invalidateQueries({ queryKey: customerKeys.all });
  return (
    <>
      {editable && (
        <Upload.Dragger
          name="file"
          multiple={false}
          showUploadList={false}
          action={`/api/v1/customers/${customerId}/attachments`}
          headers={{ 'X-Requested-With': 'kehu-web' }}
          onChange={(info) => {
            if (info.file.status === 'done') {
              message.success(t('common.saved'));
              void refresh();
            } else if (info.file.status === 'error') {
              const resp = info.file.response as { title?: string } | undefined;
              message.error(resp?.title ?? t('customer.attachment.hint'));
            }
          }}
          style={{ marginBottom: 12 }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('customer.attachment.upload')}</p>
          <p className="ant-upload-hint">{t('customer.attachment.hint')}</p>
        </Upload.Dragger>
      )}
      <Table<AttachmentRow>
        rowKey="id"
        size="small"
        loading={isLoading}
        pagination={false}
        dataSource={data?.items ?? []}
        columns={[
          { title: t('customer.attachment.filename'), dataIndex: 'filename', render: (v, r) => <a href={`/api/v1/customers/${customerId}/attachments/${r.id}/download`}>{v}</a> },
          { title: t('customer.attachment.size'), dataIndex: 'size', render: (v) => formatSize(v) },
          { title: t('common.by'), dataIndex: 'createdByName' },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v) => formatDateTime(v) },
          ...(editable
            ? [
                {
                  title: t('common.actions'),
                  key: 'a',
                  render: (_: unknown, r: AttachmentRow) => (
                    <Popconfirm title={t('common.archive') + '?'} onConfirm={() => post(`/api/v1/customers/${customerId}/attachments/${r.id}/archive`).then(refresh).catch((e) => message.error(errorText(e)))}>
                      <a>{t('common.archive')}</a>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

interface EventRow {
  id: number;
  at: string;
  type: string;
  module: string;
  title: string;
  body: string | null;
  actorName: string | null;
}

export function TimelineTab({ customerId, notesOnly, editable }: { customerId: number; notesOnly?: boolean; editable?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [note, setNote] = useState('');
  const { data } = useQuery({ queryKey: customerKeys.timeline(customerId, page), queryFn: () => get<Page<EventRow>>(`/api/v1/customers/${customerId}/timeline?page=${page}&pageSize=50`) });
  const items = (data?.items ?? []).filter((e) => !notesOnly || e.type === 'note');
  const addNote = async () => {
    if (!note.trim()) return;
    try {
      await customerApi.note(customerId, note.trim());
      setNote('');
      await qc.invalidateQueries({ queryKey: customerKeys.all });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <>
      {notesOnly && editable && (
        <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('customer.notePlaceholder')} rows={2} maxLength={4000} />
          <Button type="primary" onClick={() => void addNote()} style={{ height: 'auto' }}>
            {t('customer.noteAdd')}
          </Button>
        </Space.Compact>
      )}
      <Timeline
        items={items.map((e) => ({
          color: e.type === 'note' ? 'green' : e.type.includes('archiv') ? 'gray' : 'blue',
          children: (
            <div>
              <Typography.Text strong>{e.title}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {formatDateTime(e.at)} {e.actorName ?? ''}
              </Typography.Text>
              {e.body && <div style={{ whiteSpace: 'pre-wrap' }}>{e.body}</div>}
            </div>
          ),
        }))}
      />
      {!notesOnly && data && data.total > 50 && <Pagination current={page} pageSize={50} total={data.total} onChange={setPage} />}
    </>
  );
}
