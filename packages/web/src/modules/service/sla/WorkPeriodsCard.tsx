// The working periods of a working day (e.g. 08:30–12:00 and 13:00–17:30), validated on the server as well.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TWorkPeriod } from '@kehu/shared';
import { useShowError } from '../../admin/useShowError';
import { slaApi, slaKeys, useSlaMutation, useWorkPeriods } from './api';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function WorkPeriodsCard({ writable }: { writable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const { data } = useWorkPeriods();
  const [form] = Form.useForm<{ periods: TWorkPeriod[] }>();
  const save = useSlaMutation((periods: TWorkPeriod[]) => slaApi.putPeriods(periods, data?.version ?? 0), [slaKeys.calendar]);

  useEffect(() => {
    if (data) form.setFieldsValue({ periods: data.periods });
  }, [data, form]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync(v.periods);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e, form);
    }
  };

  return (
    <Card
      size="small"
      title={t('service.sla.periodsTitle')}
      extra={data && <Typography.Text type="secondary">{t('service.sla.minutesPerDay', { h: Math.round((data.minutesPerDay / 60) * 100) / 100 })}</Typography.Text>}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('service.sla.periodsHint', { tz: data?.timeZone ?? '' })}
        {data?.version === 0 && <> {t('service.sla.defaultPeriods')}</>}
      </Typography.Paragraph>
      <Form form={form} disabled={!writable}>
        <Form.List name="periods">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'start']} rules={[{ required: true, pattern: HHMM, message: 'HH:MM' }]}>
                    <Input placeholder="08:30" style={{ width: 90 }} aria-label={t('service.sla.periodStart')} />
                  </Form.Item>
                  <span>–</span>
                  <Form.Item name={[f.name, 'end']} rules={[{ required: true, pattern: HHMM, message: 'HH:MM' }]}>
                    <Input placeholder="12:00" style={{ width: 90 }} aria-label={t('service.sla.periodEnd')} />
                  </Form.Item>
                  {writable && fields.length > 1 && <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />}
                </Space>
              ))}
              {writable && (
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => add({ start: '', end: '' })} disabled={fields.length >= 6}>
                    {t('service.sla.addPeriod')}
                  </Button>
                  <Button type="primary" loading={save.isPending} onClick={() => void submit()}>
                    {t('common.save')}
                  </Button>
                </Space>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}
