// The order's action buttons and the one dialog each action opens; shared by the order card and the phone view.
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Space, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderAction } from '@kehu/shared';
import { ApiError, errorText } from '../../../lib/api';
import { DispatchPicker } from '../network/DispatchPicker';
import { orderApi, orderKeys, useOrderMutation, type OrderDetail, type TransitionBody } from './api';
import { SignaturePad } from './SignaturePad';
import { isAfterCompanyToday } from '../../../lib/clock';

interface Assignment {
  outletId?: number;
  technicianId?: number;
}

interface DialogValues {
  assignment?: Assignment;
  appointment?: [Dayjs, Dayjs];
  /** on a phone: the browser's own date-time inputs (local time, "YYYY-MM-DDTHH:mm") */
  appointmentFromLocal?: string;
  appointmentToLocal?: string;
  at?: Dayjs;
  note?: string;
  faultCode?: string;
  diagnosis?: string;
  resolution?: string;
  labourFeeYuan?: number | null;
  signedBy?: string;
  signature?: string | null;
}

/** Server field paths → the dialog's form fields. */
const FIELD_OF: Record<string, keyof DialogValues> = {
  outletId: 'assignment',
  technicianId: 'assignment',
  appointmentFrom: 'appointment',
  appointmentTo: 'appointment',
  labourFeeFen: 'labourFeeYuan',
};

const WITH_TIME: OrderAction[] = ['depart', 'arrive', 'check_in'];
const NEEDS_REASON: OrderAction[] = ['cancel', 'escalate'];

/** Actions offered as buttons ('visit' is recorded through the return-visit form). */
export function buttonActions(o: OrderDetail): OrderAction[] {
  return o.actions.filter((a) => a !== 'visit');
}

/** Puts server field problems onto the fields the form has; returns the ones left over. */
function applyErrors(form: FormInstance<DialogValues>, err: ApiError, present: (keyof DialogValues)[]): string[] {
  const rest: string[] = [];
  const byField = new Map<keyof DialogValues, string[]>();
  for (const e of err.errors) {
    const mapped = FIELD_OF[e.path] ?? (e.path as keyof DialogValues);
    const local = `${e.path}Local` as keyof DialogValues;
    const f = present.includes(mapped) ? mapped : present.includes(local) ? local : mapped;
    if (present.includes(f)) byField.set(f, [...(byField.get(f) ?? []), e.message]);
    else rest.push(e.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}

export function TransitionDialog(props: { order: OrderDetail; action: OrderAction | null; onClose: () => void; onDone?: (o: OrderDetail) => void; phone?: boolean }) {
  const { order: o, action } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<DialogValues>();
  const run = useOrderMutation((body: TransitionBody) => orderApi.transition(o.id, o.version, body));
  if (!action) return null;
  const label = t(`service.orders.actions.${action}`);
  const needsSignature = action === 'complete' && o.mode !== 'remote';
  const charged = o.warranty !== 'in' && o.warranty !== 'agreement';

  const present: (keyof DialogValues)[] = ['note'];
  if (action === 'dispatch' || action === 'transfer') present.push('assignment');
  if (action === 'schedule') present.push(...(props.phone ? (['appointmentFromLocal', 'appointmentToLocal'] as const) : (['appointment'] as const)));
  if (WITH_TIME.includes(action)) present.push('at');
  if (action === 'start' || action === 'complete') present.push('faultCode', 'diagnosis');
  if (action === 'wait_parts') present.push('diagnosis');
  if (action === 'ready' || action === 'complete') present.push('resolution');
  if (action === 'complete') present.push('signedBy', 'signature', ...(charged ? (['labourFeeYuan'] as const) : []));

  const submit = async (v: DialogValues) => {
    const body: TransitionBody = { action, note: v.note?.trim() || undefined };
    if (v.assignment) Object.assign(body, { outletId: v.assignment.outletId, technicianId: v.assignment.technicianId });
    if (v.appointment) Object.assign(body, { appointmentFrom: v.appointment[0].toISOString(), appointmentTo: v.appointment[1].toISOString() });
    if (v.appointmentFromLocal && v.appointmentToLocal) Object.assign(body, { appointmentFrom: dayjs(v.appointmentFromLocal).toISOString(), appointmentTo: dayjs(v.appointmentToLocal).toISOString() });
    if (v.at) body.at = v.at.toISOString();
    for (const k of ['faultCode', 'diagnosis', 'resolution', 'signedBy'] as const) if (present.includes(k) && v[k]?.trim()) body[k] = v[k]!.trim();
    if (v.signature) body.signature = v.signature;
    if (charged && v.labourFeeYuan !== undefined && v.labourFeeYuan !== null) body.labourFeeFen = Math.round(v.labourFeeYuan * 100);
    try {
      const next = await run.mutateAsync(body);
      message.success(t('service.orders.done', { action: label }));
      form.resetFields();
      props.onClose();
      props.onDone?.(next);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('service.orders.conflict'));
        await qc.invalidateQueries({ queryKey: orderKeys.all });
        props.onClose();
        return;
      }
      const rest = e instanceof ApiError && e.errors.length ? applyErrors(form, e, present) : null;
      if (rest === null) message.error(errorText(e));
      else if (rest.length) message.error(`${(e as ApiError).title}：${rest.join('；')}`);
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <Modal
      open
      title={label}
      okText={label}
      okButtonProps={{ loading: run.isPending, danger: action === 'cancel', 'data-testid': 'transition-ok' }}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        props.onClose();
      }}
      destroyOnHidden
      width={action === 'complete' ? 640 : 520}
      maskClosable={false}
    >
      <Form<DialogValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{
          assignment: action === 'transfer' ? { outletId: o.outlet?.id, technicianId: o.technician?.id } : undefined,
          appointment: action === 'schedule' && o.appointmentFrom && o.appointmentTo ? [dayjs(o.appointmentFrom), dayjs(o.appointmentTo)] : undefined,
          faultCode: o.faultCode ?? undefined,
          diagnosis: o.diagnosis ?? undefined,
          resolution: o.resolution ?? undefined,
          signedBy: o.contactName ?? o.customer?.name ?? undefined,
        }}
      >
        {present.includes('assignment') && (
          <Form.Item name="assignment" label={`${t('service.orders.outlet')} / ${t('service.orders.technician')}`} rules={[{ validator: (_, v?: Assignment) => (v?.outletId && v.technicianId ? Promise.resolve() : Promise.reject(new Error(t('common.required')))) }]}>
            <AssignmentField order={o} />
          </Form.Item>
        )}
        {present.includes('appointment') && (
          <Form.Item name="appointment" label={t('service.orders.appointmentRange')} rules={[required]}>
            <DatePicker.RangePicker data-testid="schedule-range" showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        )}
        {present.includes('appointmentFromLocal') && (
          <Form.Item name="appointmentFromLocal" label={`${t('service.orders.appointmentRange')} · ${t('service.orders.from')}`} rules={[required]}>
            <Input type="datetime-local" data-testid="schedule-from" onChange={(e) => !form.getFieldValue('appointmentToLocal') && e.target.value && form.setFieldValue('appointmentToLocal', dayjs(e.target.value).add(2, 'hour').format('YYYY-MM-DDTHH:mm'))} />
          </Form.Item>
        )}
        {present.includes('appointmentToLocal') && (
          <Form.Item name="appointmentToLocal" label={`${t('service.orders.appointmentRange')} · ${t('service.orders.to')}`} rules={[required]}>
            <Input type="datetime-local" data-testid="schedule-to" />
          </Form.Item>
        )}
        {present.includes('at') && (
          <Form.Item name="at" label={t('service.orders.at')} extra={t('service.orders.atHint')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabledDate={isAfterCompanyToday} />
          </Form.Item>
        )}
        {present.includes('faultCode') && (
          <Form.Item name="faultCode" label={t('service.orders.faultCode')}>
            <Input maxLength={40} data-testid="transition-fault-code" />
          </Form.Item>
        )}
        {present.includes('diagnosis') && (
          <Form.Item name="diagnosis" label={t('service.orders.diagnosis')}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="transition-diagnosis" />
          </Form.Item>
        )}
        {present.includes('resolution') && (
          <Form.Item name="resolution" label={t('service.orders.resolution')} rules={action === 'complete' && !o.resolution ? [{ ...required, whitespace: true }] : []}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="transition-resolution" />
          </Form.Item>
        )}
        {present.includes('labourFeeYuan') && (
          <Form.Item name="labourFeeYuan" label={t('service.orders.labourFee')} extra={t('service.orders.labourFeeHint')}>
            <InputNumber min={0} max={1_000_000} precision={2} prefix="¥" style={{ width: 200 }} data-testid="transition-labour-fee" />
          </Form.Item>
        )}
        {present.includes('signedBy') && (
          <Form.Item name="signedBy" label={t('service.orders.signedBy')} rules={needsSignature ? [{ ...required, whitespace: true }] : []}>
            <Input maxLength={50} data-testid="transition-signed-by" />
          </Form.Item>
        )}
        {present.includes('signature') && (
          <Form.Item name="signature" label={t('service.orders.signature')} rules={needsSignature ? [{ required: true, message: t('service.orders.signatureRequired') }] : []}>
            <SignatureField />
          </Form.Item>
        )}
        <Form.Item name="note" label={NEEDS_REASON.includes(action) ? t('service.orders.reason') : t('service.orders.note')} rules={NEEDS_REASON.includes(action) ? [{ required: true, whitespace: true, message: t('service.orders.reasonRequired') }] : []}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="transition-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The dispatch proposal picker (outlet by coverage, technician by skill and load) as a form control. */
function AssignmentField(props: { order: OrderDetail; value?: Assignment; onChange?: (v: Assignment) => void }) {
  const o = props.order;
  return <DispatchPicker regionCode={o.regionCode} serviceType={o.type} skill={o.unit?.skill ?? null} value={props.value} onChange={(v) => props.onChange?.(v)} />;
}

/** The signature pad as a form control (the form keeps the PNG data URL). */
function SignatureField(props: { value?: string | null; onChange?: (v: string | null) => void }) {
  return <SignaturePad onChange={(v) => props.onChange?.(v)} />;
}

/** One button per allowed action; `block` gives the big full-width buttons of the phone view. */
export function ActionButtons(props: { order: OrderDetail; block?: boolean; onDone?: (o: OrderDetail) => void }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<OrderAction | null>(null);
  const actions = buttonActions(props.order);
  if (!actions.length) return null;
  // the step forward: not a side action, and not re-booking an order that is already booked
  const primary = actions.find((a) => !['transfer', 'cancel', 'escalate', 'wait_parts'].includes(a) && !(a === 'schedule' && props.order.state === 'scheduled'));
  const buttons = actions.map((a) => (
    <Button
      key={a}
      data-testid={`order-action-${a}`}
      type={a === primary ? 'primary' : 'default'}
      danger={a === 'cancel'}
      block={props.block}
      size={props.block ? 'large' : 'middle'}
      style={props.block ? { height: 52, fontSize: 18 } : undefined}
      onClick={() => setAction(a)}
    >
      {t(`service.orders.actions.${a}`)}
    </Button>
  ));
  return (
    <>
      {props.block ? (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>{buttons}</div>
      ) : (
        <Space wrap>{buttons}</Space>
      )}
      <TransitionDialog key={action ?? 'none'} order={props.order} action={action} onClose={() => setAction(null)} onDone={props.onDone} phone={props.block} />
    </>
  );
}
