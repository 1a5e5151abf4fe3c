// Create or edit one deadline rule: severity × tier (fixed once created), the two targets in minutes (also shown as
// hours / working days), whether each counts working time, and the warning share.
import { App, Col, Form, InputNumber, Modal, Row, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPLAINT_TIER_ANY, SEVERITIES, type TComplaintRule, type TComplaintRuleCreate } from '@kehu/shared';
import { useDictOptions } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { useWorkPeriods } from '../../service/sla/api';
import { useTargetText } from '../../service/sla/useSlaLabels';
import { settingsApi, settingsKeys, useSettingsMutation } from './api';

const DEFAULTS: TComplaintRuleCreate = {
  severity: 'minor',
  tier: COMPLAINT_TIER_ANY,
  replyMinutes: 1440,
  replyBusinessHours: false,
  resolveMinutes: 1440,
  resolveBusinessHours: true,
  warnPercent: 80,
};

const TARGETS = [
  { field: 'replyMinutes', flag: 'replyBusinessHours', label: 'reply', flagLabel: 'replyBusinessHours' },
  { field: 'resolveMinutes', flag: 'resolveBusinessHours', label: 'resolve', flagLabel: 'resolveBusinessHours' },
] as const;

export function RuleModal({ rule, onClose }: { rule: TComplaintRule | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<TComplaintRuleCreate>();
  const tierOptions = useDictOptions('service_tier');
  const targetText = useTargetText();
  const minutesPerDay = useWorkPeriods().data?.minutesPerDay ?? 480;
  const save = useSettingsMutation(
    ({ severity, tier, ...targets }: TComplaintRuleCreate): Promise<unknown> =>
      rule ? settingsApi.updateRule(rule.id, { ...targets, version: rule.version }) : settingsApi.createRule({ severity, tier, ...targets }),
    [settingsKeys.rules],
  );

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(rule ? { ...rule } : DEFAULTS);
  }, [rule, form]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync(v);
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      showError(e, form);
    }
  };

  const required = [{ required: true, message: t('common.required') }];
  return (
    <Modal
      open
      width={640}
      title={rule ? t('complaints.settings.rules.edit') : t('complaints.settings.rules.new')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'complaint-rule-save' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="severity" label={t('complaints.settings.rules.severity')} rules={required}>
              <Select disabled={!!rule} options={SEVERITIES.map((v) => ({ value: v, label: t(`complaints.settings.severity.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="tier" label={t('complaints.settings.rules.tier')} rules={required}>
              <Select disabled={!!rule} options={[{ value: COMPLAINT_TIER_ANY, label: t('complaints.settings.anyTier') }, ...tierOptions]} />
            </Form.Item>
          </Col>
          {TARGETS.map((x) => (
            <Col span={12} key={x.field}>
              <Form.Item noStyle shouldUpdate={(a, b) => a[x.field] !== b[x.field] || a[x.flag] !== b[x.flag]}>
                {() => {
                  const v = form.getFieldValue(x.field) as number | undefined;
                  const bh = (form.getFieldValue(x.flag) as boolean | undefined) ?? true;
                  return (
                    <Form.Item name={x.field} label={t(`complaints.settings.rules.${x.label}`)} extra={v && v > 0 ? targetText(v, bh, minutesPerDay) : undefined} rules={required}>
                      <InputNumber min={1} max={525600} precision={0} addonAfter={t('complaints.settings.minutes')} style={{ width: '100%' }} />
                    </Form.Item>
                  );
                }}
              </Form.Item>
              <Form.Item name={x.flag} label={t(`complaints.settings.rules.${x.flagLabel}`)} valuePropName="checked">
                <Switch checkedChildren={t('complaints.settings.businessHours')} unCheckedChildren={t('complaints.settings.calendarTime')} />
              </Form.Item>
            </Col>
          ))}
          <Col span={24}>
            <Form.Item extra={t('complaints.settings.rules.businessHoursHint')} style={{ marginTop: -12 }} />
          </Col>
          <Col span={12}>
            <Form.Item name="warnPercent" label={t('complaints.settings.rules.warnPercent')} tooltip={t('complaints.settings.rules.warnPercentHint')} rules={required}>
              <InputNumber min={1} max={99} precision={0} addonAfter="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
