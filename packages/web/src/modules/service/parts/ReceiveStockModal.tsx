// 配件入库: goods received into an outlet warehouse.
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useModalSubmit } from '../shared/useModalSubmit';
import { outletLabel, partsApi, useOutletOptions, usePartsMutation } from './api';
import { PartSelect } from './PartSelect';

interface Values {
  outletId: number;
  partId: number;
  qty: number;
  note?: string;
}

export function ReceiveStockModal({ defaults, onClose }: { defaults: { outletId?: number; partId?: number }; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const outlets = useOutletOptions().data ?? [];
  const outletId = Form.useWatch('outletId', form);
  const save = usePartsMutation((v: Values) => partsApi.receive({ outletId: v.outletId, partId: v.partId, qty: v.qty, note: v.note?.trim() || null }));

  const submit = useModalSubmit(form, save.mutateAsync, () => t('service.parts.received'), onClose);
  const req = [{ required: true, message: t('common.required') }];
  return (
    <Modal open title={t('service.parts.receiveTitle')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ ...defaults, qty: 1 }} data-testid="receive-form">
        <Form.Item name="outletId" label={t('service.parts.outlet')} rules={req}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={outlets.map((o) => ({ value: o.id, label: outletLabel(o) }))} />
        </Form.Item>
        <Form.Item name="partId" label={t('service.parts.part')} rules={req}>
          <PartSelect outletId={outletId} />
        </Form.Item>
        <Form.Item name="qty" label={t('service.parts.qty')} rules={req}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('service.parts.note')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
