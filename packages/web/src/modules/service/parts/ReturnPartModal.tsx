// Return unused parts of an issued line to the outlet's stock.
import type { TOrderItem } from '@kehu/shared';
import { Form, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';

export function ReturnPartModal({ item, pending, onSubmit, onClose }: { item: TOrderItem; pending: boolean; onSubmit: (qty: number) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ qty: number }>();
  const submit = async () => {
    const v = await form.validateFields();
    onSubmit(v.qty);
  };
  return (
    <Modal open width={360} title={t('service.parts.returnTitle', { name: item.description })} onCancel={onClose} onOk={() => void submit()} confirmLoading={pending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ qty: item.qty }}>
        <Form.Item name="qty" label={t('service.parts.returnQty', { n: item.qty })} rules={[{ required: true, message: t('common.required') }]}>
          <InputNumber min={1} max={item.qty} precision={0} style={{ width: '100%' }} inputMode="numeric" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
