// 网点间调拨: moves free stock of a part from one outlet warehouse to another.
import type { TPart } from '@kehu/shared';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalSubmit } from '../shared/useModalSubmit';
import { outletLabel, partsApi, useOutletOptions, usePartsMutation } from './api';
import { PartSelect } from './PartSelect';

interface Values {
  fromOutletId: number;
  toOutletId: number;
  partId: number;
  qty: number;
  note?: string;
}

export function TransferStockModal({ defaults, onClose }: { defaults: { fromOutletId?: number; partId?: number }; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [picked, setPicked] = useState<TPart | undefined>();
  const outlets = useOutletOptions().data ?? [];
  const fromOutletId = Form.useWatch('fromOutletId', form);
  const save = usePartsMutation((v: Values) =>
    partsApi.transfer({ fromOutletId: v.fromOutletId, toOutletId: v.toOutletId, partId: v.partId, qty: v.qty, note: v.note?.trim() || null }),
  );

  const submit = useModalSubmit(form, save.mutateAsync, () => t('service.parts.transferred'), onClose);
  const req = [{ required: true, message: t('common.required') }];
  const options = outlets.map((o) => ({ value: o.id, label: outletLabel(o) }));
  return (
    <Modal open title={t('service.parts.transferTitle')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ ...defaults, qty: 1 }} data-testid="transfer-form">
        <Form.Item name="fromOutletId" label={t('service.parts.fromOutlet')} rules={req}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={options} />
        </Form.Item>
        <Form.Item
          name="toOutletId"
          label={t('service.parts.toOutlet')}
          dependencies={['fromOutletId']}
          rules={[
            ...req,
            ({ getFieldValue }) => ({
              validator: (_, v) => (v && v === getFieldValue('fromOutletId') ? Promise.reject(new Error(t('service.parts.sameOutlet'))) : Promise.resolve()),
            }),
          ]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={options.filter((o) => o.value !== fromOutletId)} />
        </Form.Item>
        <Form.Item name="partId" label={t('service.parts.part')} rules={req} extra={picked?.available !== undefined ? t('service.parts.availableAt', { n: picked.available }) : undefined}>
          <PartSelect outletId={fromOutletId} onChange={(_id, p) => setPicked(p)} />
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
