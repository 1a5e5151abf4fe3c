// Create or edit one reward or penalty rule (tool 31): kind, matter, criterion, the event counted, points and amount.
import { App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { REWARD_EVENTS, REWARD_KINDS, REWARD_SUBJECTS, type TRewardRule, type TRewardRuleCreate } from '@kehu/shared';
import { useShowError } from '../../admin/useShowError';
import { evaluationApi, evaluationKeys, useEvaluationMutation } from './api';
import { companyNow } from '../../../lib/clock';

interface FormValues extends Omit<TRewardRuleCreate, 'effectiveFrom' | 'effectiveTo' | 'amountFen'> {
  effectiveFrom: Dayjs;
  effectiveTo?: Dayjs | null;
  /** yuan */
  amount: number;
}

export function RewardRuleModal({ rule, onClose }: { rule: TRewardRule | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<FormValues>();
  const save = useEvaluationMutation(
    (v: TRewardRuleCreate): Promise<unknown> => (rule ? evaluationApi.updateRule(rule.id, { ...v, version: rule.version }) : evaluationApi.createRule(v)),
    [evaluationKeys.rules],
  );

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(
      rule
        ? { ...rule, amount: rule.amountFen / 100, effectiveFrom: dayjs(rule.effectiveFrom), effectiveTo: rule.effectiveTo ? dayjs(rule.effectiveTo) : null }
        : { kind: 'reward', event: 'manual', appliesTo: 'person', points: 1, amount: 0, active: true, effectiveFrom: companyNow().startOf('month') },
    );
  }, [rule, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const { amount, effectiveFrom, effectiveTo, ...rest } = v;
    try {
      await save.mutateAsync({
        ...rest,
        department: rest.department || null,
        amountFen: Math.round((amount ?? 0) * 100),
        effectiveFrom: effectiveFrom.format('YYYY-MM-DD'),
        effectiveTo: effectiveTo ? effectiveTo.format('YYYY-MM-DD') : null,
      });
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      showError(e, form);
    }
  };

  const req = [{ required: true, message: t('common.required') }];
  return (
    <Modal open width={720} title={rule ? t('service.evaluation.editRule') : t('service.evaluation.newRule')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending} okText={t('common.save')} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name="code" label={t('service.evaluation.code')} rules={req}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="kind" label={t('service.evaluation.kind')} rules={req}>
              <Select options={REWARD_KINDS.map((k) => ({ value: k, label: t(`service.evaluation.kinds.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="matter" label={t('service.evaluation.matter')} rules={req}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="criterion" label={t('service.evaluation.criterion')} rules={req}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="event" label={t('service.evaluation.event')} rules={req}>
              <Select options={REWARD_EVENTS.map((e) => ({ value: e, label: t(`service.evaluation.events.${e}`) }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="appliesTo" label={t('service.evaluation.appliesTo')} rules={req}>
              <Select options={REWARD_SUBJECTS.map((s) => ({ value: s, label: t(`service.evaluation.subjects.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="department" label={t('service.evaluation.department')}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="points" label={t('service.evaluation.points')} rules={req} tooltip={t('service.evaluation.signHint')}>
              <InputNumber min={-1000} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="amount" label={t('service.evaluation.amount')} rules={req}>
              <InputNumber min={-1000000} max={1000000} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="effectiveFrom" label={t('service.evaluation.effectiveFrom')} rules={req}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="effectiveTo" label={t('service.evaluation.effectiveTo')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="active" label={t('service.evaluation.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
