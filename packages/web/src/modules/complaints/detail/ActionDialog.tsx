// The complaint's action buttons and the dialog each one opens, with exactly the fields that action needs
// (classify, assign, propose, resolve, confirm on the customer's behalf, return visit, close, reopen, escalate …).
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Modal, Radio, Rate, Select, Space, TreeSelect } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SEVERITIES, SOLUTION_KINDS, TEMPERAMENTS, type ComplaintAction } from '@kehu/shared';
import { ApiError, errorText } from '../../../lib/api';
import { useDictOptions, useUserOptions } from '../../../lib/reference';
import { unitTreeOptions, useOrgUnits } from '../../admin/api';
import { CustomerPicker } from '../../service/catalogue/CustomerPicker';
import { complaintApi, complaintKeys, useComplaintMutation, type ComplaintDetail, type TransitionBody } from '../api';
import { actionFields, DANGER_ACTIONS, primaryAction, yuanToFen, type ActionField } from '../complaint-logic';

type Values = Partial<Record<ActionField, unknown>> & {
  customerId?: number;
  category?: string;
  severity?: TransitionBody['severity'];
  temperament?: TransitionBody['temperament'];
  departmentId?: number;
  ownerId?: number;
  invalidReason?: string;
  solutionKind?: TransitionBody['solutionKind'];
  solution?: string;
  resolution?: string;
  compensationYuan?: number | null;
  confirmation?: 'satisfied' | 'basic';
  confirmReason?: string;
  visitResult?: string;
  visitRating?: number;
  wonBack?: boolean;
  reason?: string;
  note?: string;
};

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The transition body from the dialog's values: only the fields the action has, text trimmed, yuan → fen. */
function bodyOf(action: ComplaintAction, fields: ActionField[], v: Values): TransitionBody {
  const body: TransitionBody = { action };
  for (const f of fields) {
    const value = v[f];
    if (f === 'compensationYuan') {
      const fen = yuanToFen(v.compensationYuan);
      if (fen !== undefined) body.compensationFen = fen;
    } else if (typeof value === 'string') {
      const s = str(value);
      if (s !== undefined) (body as Record<string, unknown>)[f] = s;
    } else if (value !== undefined && value !== null) (body as Record<string, unknown>)[f] = value;
  }
  return body;
}

export function ActionDialog(props: { complaint: ComplaintDetail; action: ComplaintAction; onClose: () => void }) {
  const { complaint: c, action } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const categories = useDictOptions('complaint_category');
  const users = useUserOptions();
  const orgUnits = useOrgUnits();
  const departmentId = Form.useWatch('departmentId', form);
  const run = useComplaintMutation((body: TransitionBody) => complaintApi.transition(c.id, c.version, body));
  const { fields, required } = actionFields(action, !!c.customer);
  const has = (f: ActionField) => fields.includes(f);
  const rule = (f: ActionField) => (required.includes(f) ? [{ required: true, whitespace: true, message: t('common.required') }] : []);
  const label = t(`complaints.main.actions.${action}`);
  const canClose = c.validity === 'invalid' ? !!c.invalidReason : !!c.resolution;

  const submit = async (v: Values) => {
    try {
      await run.mutateAsync(bodyOf(action, fields, v));
      message.success(t('complaints.main.done', { action: label }));
      props.onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('complaints.main.conflict'));
        await qc.invalidateQueries({ queryKey: complaintKeys.detail(c.id) });
        props.onClose();
        return;
      }
      if (!(e instanceof ApiError) || !e.errors.length) return void message.error(errorText(e));
      // problems of fields this dialog has go under them; others (e.g. a missing resolution on close) as a message
      const mine = e.errors.filter((x) => fields.includes(x.path as ActionField) || (x.path === 'compensationFen' && has('compensationYuan')));
      form.setFields(mine.map((x) => ({ name: (x.path === 'compensationFen' ? 'compensationYuan' : x.path) as ActionField, errors: [x.message] })));
      const rest = e.errors.filter((x) => !mine.includes(x));
      if (rest.length) message.error(`${e.title}：${rest.map((x) => x.message).join('；')}`);
    }
  };

  // handlers of the chosen department first
  const userOptions = [...(users.data ?? [])]
    .sort((a, b) => Number(b.orgUnitId === departmentId) - Number(a.orgUnitId === departmentId))
    .map((u) => ({ value: u.id, label: u.displayName }));

  return (
    <Modal
      open
      title={`${label} · ${c.code}`}
      okText={label}
      okButtonProps={{ loading: run.isPending, danger: DANGER_ACTIONS.includes(action), 'data-testid': 'complaint-action-ok' }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      maskClosable={false}
      width={560}
    >
      {action === 'close' && <Alert style={{ marginBottom: 12 }} type={canClose ? 'info' : 'warning'} showIcon title={t(canClose ? 'complaints.main.dialog.closeHint' : 'complaints.main.dialog.closeMissing')} />}
      {action === 'confirm' && <Alert style={{ marginBottom: 12 }} type="info" showIcon title={t('complaints.main.dialog.confirmHint')} />}
      {action === 'escalate' && <Alert style={{ marginBottom: 12 }} type="warning" showIcon title={t('complaints.main.dialog.escalateHint', { n: c.level + 1 })} />}
      {action === 'reopen' && <Alert style={{ marginBottom: 12 }} type="warning" showIcon title={t('complaints.main.dialog.reopenHint')} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{
          category: c.category ?? undefined,
          severity: c.severity,
          temperament: c.temperament ?? undefined,
          departmentId: c.department?.id,
          ownerId: c.owner?.id,
          solutionKind: c.solutionKind ?? undefined,
          solution: c.solution ?? undefined,
          resolution: c.resolution ?? c.solution ?? undefined,
          compensationYuan: c.compensationFen ? c.compensationFen / 100 : undefined,
          confirmation: 'satisfied',
        }}
        data-testid={`complaint-dialog-${action}`}
      >
        {has('customerId') && (
          <Form.Item name="customerId" label={t('complaints.main.customer')} rules={[{ required: true, message: t('common.required') }]} extra={t('complaints.main.dialog.customerHint')}>
            <CustomerPicker />
          </Form.Item>
        )}
        {has('category') && (
          <Form.Item name="category" label={t('complaints.main.category')} rules={rule('category')}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={categories} data-testid="dialog-category" />
          </Form.Item>
        )}
        {has('severity') && (
          <Form.Item name="severity" label={t('complaints.main.severityLabel')} rules={rule('severity')} extra={t('complaints.main.dialog.severityHint')}>
            <Radio.Group optionType="button" options={SEVERITIES.map((s) => ({ value: s, label: t(`complaints.main.severity.${s}`) }))} />
          </Form.Item>
        )}
        {has('temperament') && (
          <Form.Item name="temperament" label={t('complaints.main.temperamentLabel')}>
            <Select allowClear options={TEMPERAMENTS.map((k) => ({ value: k, label: t(`complaints.main.temperament.${k}`) }))} />
          </Form.Item>
        )}
        {has('departmentId') && (
          <Form.Item name="departmentId" label={t('complaints.main.department')} rules={[{ required: true, message: t('common.required') }]}>
            <TreeSelect treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} treeData={unitTreeOptions(orgUnits.data ?? [])} loading={orgUnits.isLoading} data-testid="dialog-department" />
          </Form.Item>
        )}
        {has('ownerId') && (
          <Form.Item name="ownerId" label={t('complaints.main.owner')} rules={[{ required: true, message: t('common.required') }]} extra={t('complaints.main.dialog.ownerHint')}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={userOptions} loading={users.isLoading} data-testid="dialog-owner" />
          </Form.Item>
        )}
        {has('invalidReason') && (
          <Form.Item name="invalidReason" label={t('complaints.main.invalidReason')} rules={rule('invalidReason')} extra={t('complaints.main.dialog.invalidHint')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {has('solutionKind') && (
          <Form.Item name="solutionKind" label={t('complaints.main.solutionKindLabel')} rules={rule('solutionKind')}>
            <Radio.Group options={SOLUTION_KINDS.map((k) => ({ value: k, label: t(`complaints.main.solutionKind.${k}`) }))} />
          </Form.Item>
        )}
        {has('solution') && (
          <Form.Item name="solution" label={t('complaints.main.solution')} rules={rule('solution')}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="dialog-solution" />
          </Form.Item>
        )}
        {has('resolution') && (
          <Form.Item name="resolution" label={t('complaints.main.resolution')} rules={rule('resolution')}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="dialog-resolution" />
          </Form.Item>
        )}
        {has('compensationYuan') && (
          <Form.Item name="compensationYuan" label={t('complaints.main.compensation')} extra={t('complaints.main.dialog.compensationHint')}>
            <InputNumber min={0} max={1_000_000_000} precision={2} prefix="¥" style={{ width: 200 }} />
          </Form.Item>
        )}
        {has('confirmation') && (
          <Form.Item name="confirmation" label={t('complaints.main.confirmationLabel')} rules={[{ required: true, message: t('common.required') }]}>
            <Radio.Group options={(['satisfied', 'basic'] as const).map((k) => ({ value: k, label: t(`complaints.main.confirmation.${k}`) }))} />
          </Form.Item>
        )}
        {has('confirmReason') && (
          <Form.Item name="confirmReason" label={t('complaints.main.confirmReason')} rules={rule('confirmReason')}>
            <Input.TextArea rows={2} maxLength={1000} placeholder={t('complaints.main.dialog.confirmReasonPlaceholder')} data-testid="dialog-confirm-reason" />
          </Form.Item>
        )}
        {has('visitResult') && (
          <Form.Item name="visitResult" label={t('complaints.main.visitResult')} rules={rule('visitResult')}>
            <Input.TextArea rows={3} maxLength={2000} placeholder={t('complaints.main.dialog.visitPlaceholder')} />
          </Form.Item>
        )}
        {has('visitRating') && (
          <Form.Item name="visitRating" label={t('complaints.main.visitRating')}>
            <Rate />
          </Form.Item>
        )}
        {has('wonBack') && (
          <Form.Item name="wonBack" valuePropName="checked">
            <Checkbox>{t('complaints.main.wonBack')}</Checkbox>
          </Form.Item>
        )}
        {has('reason') && (
          <Form.Item name="reason" label={t('complaints.main.reason')} rules={rule('reason')}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="dialog-reason" />
          </Form.Item>
        )}
        {has('note') && (
          <Form.Item name="note" label={action === 'reject_solution' ? t('complaints.main.dialog.rejectNote') : t('complaints.main.note')} rules={rule('note')}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="dialog-note" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** One button per action the server allows this user now. */
export function ActionButtons({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<ComplaintAction | null>(null);
  if (!complaint.actions.length) return null;
  const primary = primaryAction(complaint.actions);
  return (
    <>
      <Space wrap>
        {complaint.actions.map((a) => (
          <Button key={a} type={a === primary ? 'primary' : 'default'} danger={DANGER_ACTIONS.includes(a)} onClick={() => setAction(a)} data-testid={`complaint-action-${a}`}>
            {t(`complaints.main.actions.${a}`)}
          </Button>
        ))}
      </Space>
      {action && <ActionDialog key={action} complaint={complaint} action={action} onClose={() => setAction(null)} />}
    </>
  );
}
