// 新建评价: title, assessment date, the period of the internal evidence, assessors, scope, scheme version.
import { App, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useShowError } from '../../admin/useShowError';
import { evaluationApi, evaluationKeys, useEvaluationMutation, useSchemes } from './api';
import { companyNow } from '../../../lib/clock';

interface FormValues {
  title: string;
  assessedOn: Dayjs;
  period: [Dayjs, Dayjs];
  assessors: string[];
  scope?: string;
  schemeId?: number;
}

export function RunCreateModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const schemes = useSchemes();
  const create = useEvaluationMutation(evaluationApi.createRun, [evaluationKeys.runs, evaluationKeys.schemes]);
  const today = companyNow();

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const run = await create.mutateAsync({
        title: v.title,
        assessedOn: v.assessedOn.format('YYYY-MM-DD'),
        periodFrom: v.period[0].format('YYYY-MM-DD'),
        periodTo: v.period[1].format('YYYY-MM-DD'),
        assessors: v.assessors,
        scope: v.scope || null,
        schemeId: v.schemeId,
      });
      message.success(t('common.saved'));
      onClose();
      navigate(`/service/evaluation/runs/${run.id}`);
    } catch (e) {
      showError(e, form);
    }
  };

  const req = [{ required: true, message: t('common.required') }];
  return (
    <Modal open width={640} title={t('service.evaluation.newRun')} onCancel={onClose} onOk={() => void submit()} confirmLoading={create.isPending} okText={t('common.save')} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          title: t('service.evaluation.runsTitle') + ' ' + today.format('YYYY'),
          assessedOn: today,
          period: [today.subtract(11, 'month').startOf('month'), today],
          assessors: [],
          schemeId: schemes.data?.find((s) => s.current)?.id,
        }}
      >
        <Row gutter={12}>
          <Col span={16}>
            <Form.Item name="title" label={t('service.evaluation.title')} rules={req}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="assessedOn" label={t('service.evaluation.assessedOn')} rules={req}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="period" label={t('service.evaluation.period')} rules={req}>
              <DatePicker.RangePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="schemeId" label={t('service.evaluation.scheme')}>
              <Select
                loading={schemes.isFetching}
                options={(schemes.data ?? []).map((s) => ({ value: s.id, label: `${s.name} · ${t('service.evaluation.revision', { n: s.revision })}` }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="assessors" label={t('service.evaluation.assessors')} rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}>
              <Select mode="tags" open={false} placeholder={t('service.evaluation.assessorsPlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="scope" label={t('service.evaluation.scope')}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
