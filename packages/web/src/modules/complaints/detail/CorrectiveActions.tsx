// 纠正措施 / 预防措施 (tool 35, Improvement): the actions taken so the complaint does not recur — who, by when, done,
// how it was verified. Added and edited by whoever may edit the complaint; an action's owner may mark it done.
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CORRECTIVE_KINDS, type TCorrectiveCreate, type TCorrectiveUpdate } from '@kehu/shared';
import { ApiError, applyFieldErrors, errorText } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { useMe, useUserOptions } from '../../../lib/reference';
import { complaintApi, complaintKeys, useComplaintMutation, type ComplaintDetail, type CorrectiveAction } from '../api';

interface Values {
  kind: TCorrectiveCreate['kind'];
  description: string;
  ownerId?: number | null;
  dueDate?: Dayjs | null;
  done?: boolean;
  verification?: string;
}

export function CorrectiveActions({ complaint: c, editable }: { complaint: ComplaintDetail; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<CorrectiveAction | 'new' | null>(null);
  const markDone = useComplaintMutation((a: CorrectiveAction) => complaintApi.updateCorrective(c.id, a.id, { version: a.version, done: true }));
  const qc = useQueryClient();
  const me = useMe().data?.id;
  // an action's own owner records it done even without the right to edit the case (the server allows just that)
  const mayMarkDone = (a: CorrectiveAction) => editable || (me !== undefined && a.ownerId === me);

  const done = async (a: CorrectiveAction) => {
    try {
      await markDone.mutateAsync(a);
      message.success(t('common.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('complaints.main.conflict'));
        await qc.invalidateQueries({ queryKey: complaintKeys.detail(c.id) });
      } else message.error(errorText(e));
    }
  };

  return (
    <div data-testid="complaint-corrective">
      {editable && (
        <Button icon={<PlusOutlined />} size="small" style={{ marginBottom: 8 }} onClick={() => setEditing('new')} data-testid="corrective-add">
          {t('complaints.main.corrective.add')}
        </Button>
      )}
      <Table<CorrectiveAction>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.correctiveActions}
        locale={{ emptyText: t('complaints.main.corrective.none') }}
        scroll={{ x: 860 }}
        columns={[
          { title: t('complaints.main.corrective.kindLabel'), dataIndex: 'kind', width: 100, render: (v) => <Tag color={v === 'corrective' ? 'orange' : 'blue'}>{t(`complaints.main.corrective.kind.${v}`)}</Tag> },
          { title: t('complaints.main.corrective.description'), dataIndex: 'description', width: 240, render: (v) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> },
          { title: t('complaints.main.corrective.owner'), dataIndex: 'ownerName', width: 100, render: (v) => v ?? '—' },
          { title: t('complaints.main.corrective.due'), dataIndex: 'dueDate', width: 120, render: (v) => formatDate(v) },
          { title: t('complaints.main.corrective.doneAt'), dataIndex: 'doneAt', width: 120, render: (v) => (v ? <Tag color="green">{formatDate(v)}</Tag> : '—') },
          { title: t('complaints.main.corrective.verification'), dataIndex: 'verification', width: 160, render: (v) => v ?? '—' },
          ...(editable || c.correctiveActions.some(mayMarkDone)
            ? [
                {
                  title: t('common.actions'),
                  key: 'a',
                  width: 120,
                  render: (_: unknown, a: CorrectiveAction) => (
                    <Space>
                      {editable && <a onClick={() => setEditing(a)}>{t('common.edit')}</a>}
                      {!a.doneAt && mayMarkDone(a) && <a onClick={() => void done(a)}>{t('complaints.main.corrective.markDone')}</a>}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <CorrectiveModal complaint={c} action={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function CorrectiveModal({ complaint: c, action: a, onClose }: { complaint: ComplaintDetail; action: CorrectiveAction | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const users = useUserOptions();
  const save = useComplaintMutation((v: Values) => {
    const common = { description: v.description.trim(), ownerId: v.ownerId ?? null, dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : null };
    if (!a) return complaintApi.addCorrective(c.id, { kind: v.kind, ...common });
    const body: TCorrectiveUpdate = { version: a.version, ...common, done: !!v.done, verification: v.verification?.trim() || null };
    return complaintApi.updateCorrective(c.id, a.id, body);
  });

  const submit = async (v: Values) => {
    try {
      await save.mutateAsync(v);
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('complaints.main.conflict'));
        await qc.invalidateQueries({ queryKey: complaintKeys.detail(c.id) });
        onClose();
      } else if (!applyFieldErrors(form, e)) message.error(errorText(e));
    }
  };

  return (
    <Modal
      open
      title={a ? t('complaints.main.corrective.edit') : t('complaints.main.corrective.add')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'corrective-ok' }}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          a
            ? { kind: a.kind, description: a.description, ownerId: a.ownerId, dueDate: a.dueDate ? dayjs(a.dueDate) : null, done: !!a.doneAt, verification: a.verification ?? undefined }
            : { kind: 'corrective' }
        }
      >
        <Form.Item name="kind" label={t('complaints.main.corrective.kindLabel')}>
          <Radio.Group disabled={!!a} options={CORRECTIVE_KINDS.map((k) => ({ value: k, label: t(`complaints.main.corrective.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="description" label={t('complaints.main.corrective.description')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="corrective-description" />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="ownerId" label={t('complaints.main.corrective.owner')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }} options={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))} />
          </Form.Item>
          <Form.Item name="dueDate" label={t('complaints.main.corrective.due')}>
            <DatePicker />
          </Form.Item>
        </Space>
        {a && (
          <>
            <Form.Item name="done" valuePropName="checked">
              <Checkbox>{t('complaints.main.corrective.doneLabel')}</Checkbox>
            </Form.Item>
            <Form.Item name="verification" label={t('complaints.main.corrective.verification')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
