// Create or edit one SLA rule: the four key fields ('*' = any) and the five targets in minutes, shown also in hours/days.
import { App, Col, Form, InputNumber, Modal, Row, Select, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { REGION_TYPES, SERVICE_PRIORITIES, SERVICE_TYPES, SLA_TARGET_FIELDS, SLA_WILDCARD, type TSlaRule, type TSlaRuleCreate } from '@kehu/shared';
import { useDictOptions } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { slaApi, slaKeys, useSlaMutation, useWorkPeriods } from './api';
import { useTargetText } from './useSlaLabels';

const TARGET_LABEL: Record<(typeof SLA_TARGET_FIELDS)[number], string> = {
  ackMinutes: 'ack',
  appointmentMinutes: 'appointment',
  arrivalMinutes: 'arrival',
  fixMinutes: 'fix',
  visitMinutes: 'visit',
};

const DEFAULTS: TSlaRuleCreate = {
  serviceType: SLA_WILDCARD,
  tier: SLA_WILDCARD,
  regionType: SLA_WILDCARD,
  priority: SLA_WILDCARD,
  ackMinutes: 120,
  appointmentMinutes: 120,
  arrivalMinutes: 480,
  fixMinutes: 1440,
  visitMinutes: 1440,
  businessHours: true,
  pauseOnCustomer: true,
  pauseOnParts: true,
  warnPercent: 80,
};

export function SlaRuleModal({ rule, onClose }: { rule: TSlaRule | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<TSlaRuleCreate>();
  const tierOptions = useDictOptions('service_tier');
  const targetText = useTargetText();
  const minutesPerDay = useWorkPeriods().data?.minutesPerDay ?? 480;
  const businessHours = Form.useWatch('businessHours', form) ?? true;
  const save = useSlaMutation((v: TSlaRuleCreate): Promise<unknown> => (rule ? slaApi.updateRule(rule.id, { ...v, version: rule.version }) : slaApi.createRule(v)), [slaKeys.rules]);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(rule ? { ...rule } : DEFAULTS);
  }, [rule, form]);

  const any = { value: SLA_WILDCARD, label: t('service.sla.any') };
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

  return (
    <Modal
      open
      width={720}
      title={rule ? t('service.sla.editRule') : t('service.sla.newRule')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name="serviceType" label={t('service.sla.serviceType')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={[any, ...SERVICE_TYPES.map((v) => ({ value: v, label: t(`service.sla.types.${v}`) }))]} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="tier" label={t('service.sla.tier')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={[any, ...tierOptions]} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="regionType" label={t('service.sla.regionType')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={[any, ...REGION_TYPES.map((v) => ({ value: v, label: t(`service.sla.regions.${v}`) }))]} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="priority" label={t('service.sla.priority')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={[any, ...SERVICE_PRIORITIES.map((v) => ({ value: v, label: t(`service.sla.priorities.${v}`) }))]} />
            </Form.Item>
          </Col>
          {SLA_TARGET_FIELDS.map((f) => (
            <Col span={8} key={f}>
              <Form.Item noStyle shouldUpdate={(a, b) => a[f] !== b[f] || a.businessHours !== b.businessHours}>
                {() => {
                  const v = form.getFieldValue(f) as number | undefined;
                  return (
                    <Form.Item
                      name={f}
                      label={t(`service.sla.${TARGET_LABEL[f]}`)}
                      extra={v && v > 0 ? targetText(v, businessHours, minutesPerDay) : undefined}
                      rules={[{ required: true, message: t('common.required') }]}
                    >
                      <InputNumber min={1} max={525600} precision={0} addonAfter={t('service.sla.minutesSuffix')} style={{ width: '100%' }} />
                    </Form.Item>
                  );
                }}
              </Form.Item>
            </Col>
          ))}
          <Col span={8}>
            <Form.Item name="warnPercent" label={t('service.sla.warnPercent')} tooltip={t('service.sla.warnPercentHint')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={1} max={99} precision={0} addonAfter="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="businessHours" label={t('service.sla.businessHours')} valuePropName="checked" extra={t('service.sla.businessHoursHint')}>
              <Switch checkedChildren={t('service.sla.businessHoursOn')} unCheckedChildren={t('service.sla.businessHoursOff')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="pauseOnCustomer" label={t('service.sla.pauseOnCustomer')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="pauseOnParts" label={t('service.sla.pauseOnParts')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        {rule && (
          <Typography.Text type="secondary">
            {t('service.sla.specificity')}: {rule.specificity}
          </Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
