// A small deadline calculator on the server's calendar: start + N minutes (working or calendar time) → due.
import { App, Button, Card, DatePicker, Form, InputNumber, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wallClock, type TDeadlinePreview } from '@kehu/shared';
import { errorText } from '../../../lib/api';
import { slaApi } from './api';
import { useTargetText } from './useSlaLabels';

/** An instant as wall-clock time of the calendar's zone, the zone the deadlines are counted in. */
function inZone(iso: string, timeZone: string): string {
  const w = wallClock(new Date(iso), timeZone);
  if (!w) return dayjs(iso).format('YYYY-MM-DD HH:mm');
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}

export function DeadlineCalculator({ minutesPerDay }: { minutesPerDay: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const targetText = useTargetText();
  const [form] = Form.useForm<{ start: Dayjs; minutes: number; businessHours: boolean }>();
  const [result, setResult] = useState<TDeadlinePreview | null>(null);
  const [busy, setBusy] = useState(false);

  const compute = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      setResult(await slaApi.preview(v.start.toISOString(), v.minutes, v.businessHours));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('service.sla.calculator')}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('service.sla.calculatorHint')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ start: dayjs().second(0).millisecond(0), minutes: 120, businessHours: true }} onValuesChange={() => setResult(null)}>
        <Form.Item name="start" label={t('service.sla.start')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
        <Form.Item noStyle shouldUpdate>
          {() => {
            const m = form.getFieldValue('minutes') as number | undefined;
            const bh = form.getFieldValue('businessHours') as boolean;
            return (
              <Form.Item name="minutes" label={t('service.sla.minutes')} extra={m ? targetText(m, bh, minutesPerDay) : undefined} rules={[{ required: true, message: t('common.required') }]}>
                <InputNumber min={0} max={525600} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            );
          }}
        </Form.Item>
        <Form.Item name="businessHours" label={t('service.sla.businessHours')} valuePropName="checked">
          <Switch checkedChildren={t('service.sla.businessHoursOn')} unCheckedChildren={t('service.sla.businessHoursOff')} />
        </Form.Item>
        <Button type="primary" loading={busy} onClick={() => void compute()}>
          {t('service.sla.compute')}
        </Button>
      </Form>
      {result && (
        <div style={{ marginTop: 16 }} data-testid="deadline-result">
          <Typography.Text strong>
            {t('service.sla.dueIs', { t: inZone(result.due, result.timeZone) })}
          </Typography.Text>
          <br />
          <Typography.Text type="secondary">
            {t('service.sla.startIs', { t: inZone(result.start, result.timeZone), tz: result.timeZone })}
          </Typography.Text>
          <br />
          <Typography.Text type="secondary">{t('service.sla.workingMinutes', { n: result.workingMinutes })}</Typography.Text>
        </div>
      )}
    </Card>
  );
}
