// Add or edit one exception day of the work calendar: a public holiday or a 调休 make-up working day.
import { Button, DatePicker, Form, Input, Modal, Popconfirm, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TCalendarDay } from '@kehu/shared';

interface Values {
  day: Dayjs;
  kind: 'holiday' | 'workday';
  name: string;
}

export function CalendarDayModal({
  year,
  day,
  saving,
  onSave,
  onRemove,
  onClose,
}: {
  year: number;
  /** the day being edited, or a date to start a new entry on */
  day: TCalendarDay | { day: string } | null;
  saving: boolean;
  onSave: (d: TCalendarDay, replacing: string | null) => Promise<boolean>;
  onRemove: (day: string) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const existing = day && 'kind' in day ? day : null;

  useEffect(() => {
    form.resetFields();
    const start = day ? dayjs(day.day) : dayjs(`${year}-01-01`);
    const weekend = [0, 6].includes(start.day());
    form.setFieldsValue({ day: start, kind: existing?.kind ?? (weekend ? 'workday' : 'holiday'), name: existing?.name ?? '' });
  }, [day, existing, year, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const ok = await onSave({ day: v.day.format('YYYY-MM-DD'), kind: v.kind, name: v.name.trim() }, existing?.day ?? null);
    if (ok) onClose();
  };

  return (
    <Modal
      open
      title={existing ? t('service.sla.editDay') : t('service.sla.addDay')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okText={t('common.save')}
      destroyOnHidden
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          {existing && (
            <Popconfirm title={t('service.sla.removeDayConfirm')} onConfirm={async () => (await onRemove(existing.day)) && onClose()}>
              <Button danger style={{ float: 'left' }}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
          <CancelBtn />
          <OkBtn />
        </>
      )}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="day" label={t('service.sla.day')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker
            style={{ width: '100%' }}
            allowClear={false}
            disabledDate={(d) => d.year() !== year}
            format={(d) => `${d.format('YYYY-MM-DD')} ${(t('service.sla.weekdays', { returnObjects: true }) as string[])[d.day()]}`}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('service.sla.kind')} rules={[{ required: true, message: t('common.required') }]}>
          <Radio.Group
            options={[
              { value: 'holiday', label: t('service.sla.holiday') },
              { value: 'workday', label: t('service.sla.workday') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t('service.sla.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={60} placeholder={t('service.sla.namePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
