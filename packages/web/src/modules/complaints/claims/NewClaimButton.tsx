// "提出索赔": a button that opens the claim form, for the claim list and the complaint's page. On a complaint the
// customer, product, unit and order come from the complaint; elsewhere the customer is given or picked.
import { PlusOutlined } from '@ant-design/icons';
import { App, Alert, Button, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TClaim, TClaimCreate } from '@kehu/shared';
import { useCan } from '../../../lib/reference';
import { CustomerPicker } from '../../service/catalogue/CustomerPicker';
import { ProductPicker } from '../../service/returns/ProductPicker';
import { claimApi, toFen, useClaimMutation } from './api';
import { useClaimError } from './useClaimError';

interface Values {
  customerId?: number;
  productId?: number;
  orderNo?: string;
  batchNo?: string;
  quantity?: number | null;
  amountYuan?: number | null;
  reason?: string;
  basis?: string;
  note?: string;
}
const FIELDS = ['customerId', 'productId', 'orderNo', 'batchNo', 'quantity', 'amountYuan', 'reason', 'basis', 'note'] as const;

export interface NewClaimButtonProps {
  complaintId?: number | null;
  customerId?: number | null;
  onCreated?: (claim: TClaim) => void;
}

export function NewClaimButton({ complaintId, customerId, onCreated }: NewClaimButtonProps) {
  const { t } = useTranslation();
  const can = useCan();
  const [open, setOpen] = useState(false);
  if (!can('complaints:claim')) return null;
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="claim-new">
        {t('complaints.claims.new')}
      </Button>
      {open && (
        <NewClaimModal
          complaintId={complaintId ?? undefined}
          customerId={customerId ?? undefined}
          onClose={() => setOpen(false)}
          onCreated={(c) => {
            setOpen(false);
            onCreated?.(c);
          }}
        />
      )}
    </>
  );
}

function NewClaimModal(props: { complaintId?: number; customerId?: number; onClose: () => void; onCreated: (c: TClaim) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useClaimError();
  const create = useClaimMutation((body: TClaimCreate) => claimApi.create(body));
  const l = (k: string) => t(`complaints.claims.${k}`);
  const required = { required: true, message: t('common.required') };
  const pickCustomer = !props.complaintId && !props.customerId;

  const submit = async (v: Values) => {
    const body: TClaimCreate = {
      complaintId: props.complaintId ?? null,
      customerId: props.complaintId ? null : (props.customerId ?? v.customerId ?? null),
      productId: v.productId ?? null,
      orderNo: v.orderNo?.trim() || null,
      batchNo: v.batchNo?.trim() || null,
      quantity: v.quantity ?? null,
      reason: v.reason?.trim() ?? '',
      basis: v.basis?.trim() || null,
      amountFen: toFen(v.amountYuan) ?? 0,
      note: v.note?.trim() || null,
    };
    try {
      const c = await create.mutateAsync(body);
      message.success(t('complaints.claims.created', { code: c.code }));
      props.onCreated(c);
    } catch (e) {
      showError(e, form, FIELDS);
    }
  };

  return (
    <Modal
      open
      title={l('newTitle')}
      okText={l('new')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'claim-create-ok' }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      maskClosable={false}
      width={640}
    >
      {props.complaintId && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={l('fromComplaint')} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        {pickCustomer && (
          <Form.Item name="customerId" label={l('customer')} rules={[required]}>
            <CustomerPicker />
          </Form.Item>
        )}
        <Form.Item name="amountYuan" label={l('amountYuan')} rules={[required]}>
          <InputNumber min={0.01} max={1_000_000_000} precision={2} prefix="¥" style={{ width: 220 }} data-testid="claim-amount" />
        </Form.Item>
        <Form.Item name="reason" label={l('reason')} rules={[{ ...required, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="claim-reason" />
        </Form.Item>
        <Form.Item name="basis" label={l('basis')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="productId" label={l('product')}>
          <ProductPicker testId="claim-product" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item name="orderNo" label={l('orderNo')} style={{ flex: '1 1 180px' }}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="batchNo" label={l('batchNo')} style={{ flex: '1 1 140px' }}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="quantity" label={l('quantity')} style={{ flex: '0 0 120px' }}>
            <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="note" label={l('note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
