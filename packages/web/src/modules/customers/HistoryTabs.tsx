// The read-mostly tabs of the customer card: grade history, attachments, notes, timeline.
import { InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Pagination, Popconfirm, Space, Table, Timeline, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, post } from '../../lib/api';
import { formatDateTime, formatSize } from '../../lib/format';
import { zhCN } from '../../app/i18n/zh-CN';
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
  data: Record<string, unknown> | null;
}

type EventKey = keyof typeof zhCN.customer.event;

// API field → its label under `customer.` where the names differ
const FIELD_LABEL: Record<string, string> = { ownerId: 'owner', teamId: 'team', profile: 'profileLabel' };

/** The event's heading in the reader's language from its type and details; the stored (Chinese) title otherwise, e.g. for other modules' events. */
function useEventTitle() {
  const { t, i18n } = useTranslation();
  const label = useDictLabel();
  return (e: EventRow): string => {
    if (!(e.type in zhCN.customer.event)) return e.title;
    const d = e.data ?? {};
    if (e.type === 'updated') {
      const fields = Array.isArray(d.fields) ? (d.fields as string[]) : [];
      if (!fields.length) return t('customer.event.updated');
      const names = fields.map((f) => {
        const key = FIELD_LABEL[f] ?? f;
        return key in zhCN.customer && typeof zhCN.customer[key as keyof typeof zhCN.customer] === 'string' ? t(`customer.${key}`) : f;
      });
      return t('customer.event.updatedFields', { fields: names.join(i18n.language === 'en-US' ? ', ' : '、') });
    }
    const needs = (zhCN.customer.event[e.type as EventKey].match(/{{(\w+)}}/g) ?? []).map((m) => m.slice(2, -2));
    if (needs.some((k) => d[k] === undefined)) return e.title; // an event recorded before its details were kept
    const values: Record<string, unknown> = { ...d };
    if (e.type === 'grade_changed') {
      values.from = d.from ? label('grade', d.from as string) : '—';
      values.to = label('grade', d.to as string);
    }
    if (e.type === 'service_order') {
      values.orderType = t(`service.orders.types.${String(d.orderType)}`, { defaultValue: String(d.orderType) });
      values.action = t(`customer.serviceEvent.action.${String(d.action)}`, { defaultValue: String(d.action) });
    }
    if (e.type === 'return_visit') values.dissatisfied = d.dissatisfied ? t('customer.serviceEvent.dissatisfied') : '';
    if (e.type === 'service_agreement') values.action = t(`service.agreements.eventAction.${String(d.action)}`, { defaultValue: String(d.action) });
    if (e.type === 'service_return') {
      values.returnType = t(`service.returns.types.${String(d.returnType)}`, { defaultValue: String(d.returnType) });
      values.action =
        d.action === 'repair' && d.serviceOrderCode
          ? t('customer.serviceEvent.returnAction.repairOrder', { order: String(d.serviceOrderCode) })
          : t(`customer.serviceEvent.returnAction.${String(d.action)}`, { defaultValue: ` ${String(d.action)}` });
    }
    // complaints and claims: the action's name as the complaint and claim pages say it
    if (e.type === 'complaint') values.action = t(`complaints.main.event.${String(d.action)}`, { defaultValue: t(`complaints.main.actions.${String(d.action)}`, { defaultValue: String(d.action) }) });
    if (e.type === 'claim') values.action = t(`complaints.claims.actions.${String(d.action)}`, { defaultValue: String(d.action) });
    return t(`customer.event.${e.type as EventKey}`, values);
  };
}

export function TimelineTab({ customerId, notesOnly, editable }: { customerId: number; notesOnly?: boolean; editable?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [note, setNote] = useState('');
  const eventTitle = useEventTitle();
  const { data } = useQuery({
    queryKey: [...customerKeys.timeline(customerId, page), notesOnly ? 'notes' : 'all'],
    queryFn: () => get<Page<EventRow>>(`/api/v1/customers/${customerId}/timeline?page=${page}&pageSize=50${notesOnly ? '&type=note' : ''}`),
  });
  const items = data?.items ?? [];
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
              <Typography.Text strong>{eventTitle(e)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {formatDateTime(e.at)} {e.actorName ?? ''}
              </Typography.Text>
              {e.body && <div style={{ whiteSpace: 'pre-wrap' }}>{e.body}</div>}
            </div>
          ),
        }))}
      />
      {data && data.total > 50 && <Pagination current={page} pageSize={50} total={data.total} onChange={setPage} />}
    </>
  );
}
