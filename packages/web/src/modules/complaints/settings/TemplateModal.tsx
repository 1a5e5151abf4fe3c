// Create or edit one reply / apology template, with a preview of the apology and reply filled with sample values.
import { App, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fillPlaceholders, TEMPERAMENTS, type TComplaintTemplate, type TTemplateInput } from '@kehu/shared';
import { useDictOptions } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { settingsApi, settingsKeys, useSettingsMutation } from './api';
import { useSettingsLabels } from './useSettingsLabels';

const EMPTY: Partial<TTemplateInput> = { category: null, temperament: null, sort: 0 };

export function TemplateModal({ template, onClose }: { template: TComplaintTemplate | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const labels = useSettingsLabels();
  const [form] = Form.useForm<TTemplateInput>();
  const categoryOptions = useDictOptions('complaint_category');
  const apology = Form.useWatch('apology', form);
  const reply = Form.useWatch('reply', form);
  const save = useSettingsMutation(
    (v: TTemplateInput): Promise<unknown> => (template ? settingsApi.updateTemplate(template.id, { ...v, version: template.version }) : settingsApi.createTemplate(v)),
    [settingsKeys.templates],
  );

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(template ? { ...template } : EMPTY);
  }, [template, form]);

  const submit = async () => {
    const v = await form.validateFields();
    // empty optional texts go as null (cleared), the selects' "any" as null
    const body: TTemplateInput = {
      ...v,
      category: v.category ?? null,
      temperament: v.temperament ?? null,
      situation: v.situation?.trim() || null,
      pairedAction: v.pairedAction?.trim() || null,
      taboo: v.taboo?.trim() || null,
      sort: v.sort ?? 0,
    };
    try {
      await save.mutateAsync(body);
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      showError(e, form);
    }
  };

  const tt = (k: string) => t(`complaints.settings.templates.${k}`);
  const required = [{ required: true, whitespace: true, message: t('common.required') }];
  const sample = { customer: tt('sample.customer'), code: tt('sample.code'), handler: tt('sample.handler') };

  return (
    <Modal
      open
      width={860}
      title={template ? tt('edit') : tt('new')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'template-save' }}
      maskClosable={false}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="title" label={tt('titleField')} rules={required}>
              <Input maxLength={100} data-testid="template-title" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="category" label={tt('category')}>
              <Select allowClear placeholder={tt('anyCategory')} options={categoryOptions} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="temperament" label={tt('temperament')}>
              <Select allowClear placeholder={tt('anyTemperament')} options={TEMPERAMENTS.map((v) => ({ value: v, label: labels.temperament(v) }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="situation" label={tt('situation')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={1000} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
              {tt('placeholders')}
            </Typography.Paragraph>
          </Col>
          <Col span={24}>
            <Form.Item name="apology" label={tt('apology')} rules={required}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={2000} data-testid="template-apology" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="reply" label={tt('reply')} rules={required}>
              <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={4000} data-testid="template-reply" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="pairedAction" label={tt('pairedAction')} extra={tt('pairedActionHint')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="taboo" label={tt('taboo')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="sort" label={tt('sort')}>
              <InputNumber min={0} max={9999} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {(apology || reply) && (
        <Card size="small" title={tt('preview')} data-testid="template-preview">
          {apology && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{fillPlaceholders(apology, sample)}</Typography.Paragraph>}
          {reply && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{fillPlaceholders(reply, sample)}</Typography.Paragraph>}
        </Card>
      )}
    </Modal>
  );
}
