// 手工登记奖罚: a manual entry for a technician or an outlet, by a "manual" rule (表扬信/锦旗 …) or free points, with its reason.
import { App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Segmented, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { TRewardSubject } from '@kehu/shared';
import { useShowError } from '../../admin/useShowError';
import { useOutletOptions, useTechnicians } from '../network/api';
import { evaluationApi, evaluationKeys, useEvaluationMutation, useRewardRules } from './api';
import { companyNow, isAfterCompanyToday } from '../../../lib/clock';

interface FormValues {
  subject: TRewardSubject;
  userId?: number;
  outletId?: number;
  ruleId?: number;
  points?: number;
  amount?: number;
  date: Dayjs;
  reason: string;
}

export function PointsEntryModal({ month, onClose }: { month: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<FormValues>();
  const subject = Form.useWatch('subject', form) ?? 'person';
  const ruleId = Form.useWatch('ruleId', form);
  const technicians = useTechnicians({ page: 1, pageSize: 200, active: 'true' });
  const outlets = useOutletOptions();
  const rules = useRewardRules({ page: 1, pageSize: 200, event: 'manual', active: 'true' });
  const save = useEvaluationMutation(evaluationApi.addEntry, [evaluationKeys.points]);
  const manualRules = (rules.data?.items ?? []).filter((r) => r.appliesTo === subject);
  const rule = manualRules.find((r) => r.id === ruleId);
  const monthEnd = dayjs(month + '-01').endOf('month');
  const initialDate = monthEnd.isAfter(companyNow()) ? companyNow() : monthEnd;

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({
        subject: v.subject,
        userId: v.subject === 'person' ? v.userId : undefined,
        outletId: v.subject === 'outlet' ? v.outletId : undefined,
        ruleId: v.ruleId,
        points: v.points ?? undefined,
        amountFen: v.amount === undefined || v.amount === null ? undefined : Math.round(v.amount * 100),
        date: v.date.format('YYYY-MM-DD'),
        reason: v.reason,
      });
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      showError(e, form);
    }
  };

  const req = [{ required: true, message: t('common.required') }];
  return (
    <Modal open width={640} title={t('service.evaluation.entryTitle')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending} okText={t('common.save')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ subject: 'person', date: initialDate }}>
        <Form.Item name="subject" label={t('service.evaluation.subject')}>
          <Segmented
            onChange={() => form.setFieldsValue({ ruleId: undefined })}
            options={[
              { value: 'person', label: t('service.evaluation.subjects.person') },
              { value: 'outlet', label: t('service.evaluation.subjects.outlet') },
            ]}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            {subject === 'person' ? (
              <Form.Item name="userId" label={t('service.evaluation.technician')} rules={req}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={technicians.isFetching}
                  options={(technicians.data?.items ?? []).filter((x) => x.hasProfile).map((x) => ({ value: x.userId, label: `${x.name}${x.outletName ? `（${x.outletName}）` : ''}` }))}
                />
              </Form.Item>
            ) : (
              <Form.Item name="outletId" label={t('service.evaluation.outlet')} rules={req}>
                <Select showSearch optionFilterProp="label" options={(outlets.data ?? []).map((o) => ({ value: o.id, label: `${o.code} ${o.name}` }))} />
              </Form.Item>
            )}
          </Col>
          <Col span={12}>
            <Form.Item name="date" label={t('service.evaluation.date')} rules={req}>
              <DatePicker style={{ width: '100%' }} disabledDate={isAfterCompanyToday} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="ruleId" label={t('service.evaluation.ruleOptional')}>
              <Select
                allowClear
                options={manualRules.map((r) => ({ value: r.id, label: `${r.code} ${r.matter}（${r.points > 0 ? '+' : ''}${r.points}）` }))}
                onChange={(id) => {
                  const r = manualRules.find((x) => x.id === id);
                  form.setFieldsValue({ points: r?.points, amount: r ? r.amountFen / 100 : undefined });
                }}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="points" label={t('service.evaluation.points')} rules={rule ? [] : req} tooltip={t('service.evaluation.signHint')}>
              <InputNumber min={-1000} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="amount" label={t('service.evaluation.amount')}>
              <InputNumber min={-1000000} max={1000000} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="reason" label={t('service.evaluation.reason')} rules={req}>
              <Input.TextArea rows={2} maxLength={500} placeholder={t('service.evaluation.reasonPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
