// The request's action buttons and the one dialog each opens: approval (with override), rejection, receipt,
// inspection, the three decisions (refund, exchange, repair) and the customer's sign-off.
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REFUND_METHODS, RESPONSIBLE_PARTIES, SERVICE_MODES, type ReturnAction, type TReturn } from '@kehu/shared';
import { ApiError, errorText } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { returnApi, returnKeys, useReturnMutation, type ReturnTransitionBody } from './api';
import { ProductPicker } from './ProductPicker';
import { companyNow, isAfterCompanyToday } from '../../../lib/clock';

interface DialogValues {
  note?: string;
  overrideReason?: string;
  packagingIntact?: boolean;
  accessoriesComplete?: boolean;
  invoicePresent?: boolean;
  inspectionResult?: string;
  responsibleParty?: string;
  refundYuan?: number | null;
  refundMethod?: string;
  freightPayer?: string;
  replacementSerialNo?: string;
  replacementProductId?: number;
  repairMode?: string;
  signedBy?: string;
  completedDate?: Dayjs;
}

/** Server field paths that the dialog names differently. */
const FIELD_OF: Record<string, keyof DialogValues> = { refundFen: 'refundYuan' };

/** The fields each action shows. */
const FIELDS: Record<ReturnAction, (keyof DialogValues)[]> = {
  approve: ['overrideReason', 'note'],
  reject: ['note'],
  receive: ['packagingIntact', 'accessoriesComplete', 'invoicePresent', 'note'],
  inspect: ['inspectionResult', 'responsibleParty', 'note'],
  refund: ['refundYuan', 'refundMethod', 'freightPayer', 'note'],
  exchange: ['replacementSerialNo', 'replacementProductId', 'freightPayer', 'note'],
  repair: ['repairMode', 'freightPayer', 'note'],
  close: ['signedBy', 'completedDate', 'note'],
};

/** Approving needs the written reason when the request was rejected or lies outside the windows without one. */
export function approvalNeedsOverride(r: TReturn): boolean {
  return r.state === 'rejected' || (!r.eligible && !r.override);
}

export function ReturnActionDialog(props: { ret: TReturn; action: ReturnAction | null; onClose: () => void }) {
  const { ret: r, action } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<DialogValues>();
  const run = useReturnMutation((body: ReturnTransitionBody) => returnApi.transition(r.id, r.version, body));
  const refundYuan = Form.useWatch('refundYuan', form);
  if (!action) return null;
  const label = t(`service.returns.actions.${action}`);
  const f = (k: string) => t(`service.returns.fields.${k}`);
  const present = FIELDS[action].filter((k) => k !== 'overrideReason' || approvalNeedsOverride(r));
  const required = { required: true, message: t('common.required') };

  const submit = async (v: DialogValues) => {
    const body: ReturnTransitionBody = { action, note: v.note?.trim() || undefined };
    if (present.includes('overrideReason')) body.overrideReason = v.overrideReason?.trim() || undefined;
    if (action === 'receive') Object.assign(body, { packagingIntact: !!v.packagingIntact, accessoriesComplete: !!v.accessoriesComplete, invoicePresent: !!v.invoicePresent });
    if (action === 'inspect') Object.assign(body, { inspectionResult: v.inspectionResult?.trim(), responsibleParty: v.responsibleParty });
    if (action === 'refund') Object.assign(body, { refundFen: v.refundYuan === null || v.refundYuan === undefined ? undefined : Math.round(v.refundYuan * 100), refundMethod: v.refundMethod });
    if (action === 'exchange') Object.assign(body, { replacementSerialNo: v.replacementSerialNo?.trim() || undefined, replacementProductId: v.replacementProductId });
    if (action === 'repair') body.repairMode = v.repairMode as ReturnTransitionBody['repairMode'];
    if (['refund', 'exchange', 'repair'].includes(action) && v.freightPayer) body.freightPayer = v.freightPayer as ReturnTransitionBody['freightPayer'];
    if (action === 'close') Object.assign(body, { signedBy: v.signedBy?.trim(), completedDate: v.completedDate?.format('YYYY-MM-DD') });
    try {
      await run.mutateAsync(body);
      message.success(t('service.returns.done', { action: label }));
      form.resetFields();
      props.onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('service.returns.conflict'));
        await qc.invalidateQueries({ queryKey: returnKeys.all });
        props.onClose();
        return;
      }
      if (e instanceof ApiError && e.errors.length) {
        const rest: string[] = [];
        const fields: { name: keyof DialogValues; errors: string[] }[] = [];
        for (const x of e.errors) {
          const name = FIELD_OF[x.path] ?? (x.path as keyof DialogValues);
          if (present.includes(name)) fields.push({ name, errors: [x.message] });
          else rest.push(x.message);
        }
        form.setFields(fields);
        if (rest.length) message.error(`${e.title}：${rest.join('；')}`);
        return;
      }
      // the window problem carries the dates in its detail
      const detail = e instanceof ApiError && typeof e.body.detail === 'string' ? e.body.detail : null;
      message.error(detail ?? errorText(e));
    }
  };

  return (
    <Modal
      open
      title={`${label} · ${r.code}`}
      okText={label}
      okButtonProps={{ loading: run.isPending, danger: action === 'reject', 'data-testid': 'return-transition-ok' }}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        props.onClose();
      }}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<DialogValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{
          packagingIntact: true,
          accessoriesComplete: true,
          invoicePresent: true,
          responsibleParty: r.responsibleParty ?? undefined,
          freightPayer: r.responsibleParty === 'customer' ? 'customer' : 'company',
          refundMethod: 'original',
          repairMode: 'carry_in',
          signedBy: r.contactName ?? r.customer.name,
          completedDate: companyNow(),
        }}
      >
        {present.includes('overrideReason') && (
          <>
            <Typography.Paragraph type="warning">
              {r.rejection
                ? `${t(`service.returns.rejection.${r.rejection.code}`, { defaultValue: r.rejection.code })}${r.rejection.lastDay ? t('service.returns.rejection.lastDayParen', { d: formatDate(r.rejection.lastDay) }) : ''}`
                : t('service.returns.eligibility.notEligible')}
            </Typography.Paragraph>
            <Form.Item name="overrideReason" label={f('overrideReason')} rules={[{ ...required, whitespace: true }]}>
              <Input.TextArea rows={2} maxLength={500} placeholder={t('service.returns.eligibility.overrideReasonPlaceholder')} data-testid="return-dialog-override" />
            </Form.Item>
          </>
        )}
        {present.includes('packagingIntact') && (
          <Form.Item label={f('goodsCondition')}>
            <Space wrap>
              <Form.Item name="packagingIntact" valuePropName="checked" noStyle>
                <Checkbox>{f('packagingIntact')}</Checkbox>
              </Form.Item>
              <Form.Item name="accessoriesComplete" valuePropName="checked" noStyle>
                <Checkbox>{f('accessoriesComplete')}</Checkbox>
              </Form.Item>
              <Form.Item name="invoicePresent" valuePropName="checked" noStyle>
                <Checkbox>{f('invoicePresent')}</Checkbox>
              </Form.Item>
            </Space>
          </Form.Item>
        )}
        {present.includes('inspectionResult') && (
          <Form.Item name="inspectionResult" label={f('inspectionResult')} rules={[{ ...required, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="return-dialog-inspection" />
          </Form.Item>
        )}
        {present.includes('responsibleParty') && (
          <Form.Item name="responsibleParty" label={f('responsibleParty')} rules={[required]}>
            <Select options={RESPONSIBLE_PARTIES.map((p) => ({ value: p, label: t(`service.returns.parties.${p}`) }))} data-testid="return-dialog-party" />
          </Form.Item>
        )}
        {present.includes('refundYuan') && (
          <Form.Item name="refundYuan" label={f('refundYuan')} rules={[required]}>
            <InputNumber min={0} max={1_000_000_000} precision={2} prefix="¥" style={{ width: 220 }} data-testid="return-dialog-refund" />
          </Form.Item>
        )}
        {present.includes('refundMethod') && (
          <Form.Item name="refundMethod" label={f('refundMethod')} rules={refundYuan ? [required] : []}>
            <Select options={REFUND_METHODS.map((m) => ({ value: m, label: t(`service.returns.refundMethods.${m}`) }))} />
          </Form.Item>
        )}
        {present.includes('replacementSerialNo') && (
          <Form.Item name="replacementSerialNo" label={f('replacementSerialNo')} extra={f('replacementSerialHint')} rules={r.unit ? [{ ...required, whitespace: true }] : []}>
            <Input maxLength={60} data-testid="return-dialog-serial" />
          </Form.Item>
        )}
        {present.includes('replacementProductId') && (
          <Form.Item name="replacementProductId" label={f('replacementProduct')} extra={`${f('replacementProductHint')}：${r.product.model} ${r.product.name}`}>
            <ProductPicker testId="return-dialog-product" />
          </Form.Item>
        )}
        {present.includes('repairMode') && (
          <Form.Item name="repairMode" label={f('repairMode')} extra={f('repairHint')}>
            <Select options={SERVICE_MODES.map((m) => ({ value: m, label: t(`service.orders.modes.${m}`) }))} />
          </Form.Item>
        )}
        {present.includes('freightPayer') && (
          <Form.Item name="freightPayer" label={f('freightPayer')} rules={action === 'repair' ? [] : [required]}>
            <Select options={RESPONSIBLE_PARTIES.map((p) => ({ value: p, label: t(`service.returns.parties.${p}`) }))} />
          </Form.Item>
        )}
        {present.includes('signedBy') && (
          <Form.Item name="signedBy" label={f('signedBy')} rules={[{ ...required, whitespace: true }]}>
            <Input maxLength={50} data-testid="return-dialog-signed-by" />
          </Form.Item>
        )}
        {present.includes('completedDate') && (
          <Form.Item name="completedDate" label={f('completedDate')} rules={[required]}>
            <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={isAfterCompanyToday} />
          </Form.Item>
        )}
        <Form.Item name="note" label={action === 'reject' ? f('reasonRequired') : f('note')} rules={action === 'reject' ? [{ ...required, whitespace: true }] : []}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="return-dialog-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One button per allowed action; the step forward is the primary one. */
export function ReturnActionButtons({ ret }: { ret: TReturn }) {
  const { t } = useTranslation();
  const can = useCan();
  const [action, setAction] = useState<ReturnAction | null>(null);
  // turning a request into a repair also opens a service order, which needs service:create
  const actions = ret.actions.filter((a) => a !== 'repair' || can('service:create'));
  if (!actions.length) return null;
  const primary = actions.find((a) => a !== 'reject' && !(a === 'approve' && ret.state === 'rejected'));
  return (
    <>
      <Space wrap>
        {actions.map((a) => (
          <Button key={a} data-testid={`return-action-${a}`} type={a === primary ? 'primary' : 'default'} danger={a === 'reject'} onClick={() => setAction(a)}>
            {a === 'approve' && approvalNeedsOverride(ret) ? t('service.returns.actions.override') : t(`service.returns.actions.${a}`)}
          </Button>
        ))}
      </Space>
      <ReturnActionDialog key={action ?? 'none'} ret={ret} action={action} onClose={() => setAction(null)} />
    </>
  );
}
