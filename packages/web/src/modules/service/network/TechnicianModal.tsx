// Edit (or create) a technician's service profile: outlet, skills, certificates, daily capacity, active.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { TTechnician, TTechnicianPut } from '@kehu/shared';
import { Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalSubmit } from '../shared/useModalSubmit';
import { networkApi, useNetworkMutation, useOutletOptions } from './api';
import { useNetworkLabels } from './useNetworkLabels';

interface Values {
  outletId?: number;
  skills: string[];
  certificates: { name: string; number?: string; validUntil?: Dayjs | null }[];
  dailyCapacity: number;
  active: boolean;
}

function toBody(v: Values, version: number | null): TTechnicianPut {
  return {
    outletId: v.outletId!,
    skills: v.skills ?? [],
    certificates: (v.certificates ?? []).map((c) => ({ name: c.name.trim(), number: c.number?.trim() || null, validUntil: c.validUntil ? c.validUntil.format('YYYY-MM-DD') : null })),
    dailyCapacity: v.dailyCapacity,
    active: v.active,
    ...(version !== null ? { version } : {}),
  };
}

export function TechnicianModal({ technician, onClose }: { technician: TTechnician; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useNetworkLabels();
  const outlets = useOutletOptions().data ?? [];
  const [form] = Form.useForm<Values>();
  const skillsInUse = Form.useWatch('skills', form) ?? [];
  const save = useNetworkMutation((v: Values) => networkApi.putTechnician(technician.userId, toBody(v, technician.version)));

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue({
      outletId: technician.outletId ?? undefined,
      skills: technician.skills,
      certificates: technician.certificates.map((c) => ({ name: c.name, number: c.number ?? undefined, validUntil: c.validUntil ? dayjs(c.validUntil) : null })),
      dailyCapacity: technician.hasProfile ? technician.dailyCapacity : 6,
      active: technician.hasProfile ? technician.active : true,
    });
  }, [technician, form]);

  const submit = useModalSubmit(form, save.mutateAsync, () => t('common.saved'), onClose);

  const req = [{ required: true, message: t('common.required') }];
  // an archived outlet no longer appears among the options: keep the current one visible
  const outletOptions = [
    ...(technician.outletId && !outlets.some((o) => o.id === technician.outletId) ? [{ value: technician.outletId, label: `${technician.outletName ?? ''}（${technician.outletCode ?? ''}）` }] : []),
    ...outlets.map((o) => ({ value: o.id, label: `${o.name}（${o.code}）` })),
  ];

  return (
    <Modal
      open
      width={720}
      title={t(technician.hasProfile ? 'service.network.technician.edit' : 'service.network.technician.create', { name: technician.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="technician-form">
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="outletId" label={t('service.network.technician.outlet')} rules={req}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={outletOptions} data-testid="technician-outlet" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="dailyCapacity" label={t('service.network.technician.dailyCapacity')} rules={req}>
              <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="active" label={t('service.network.technician.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="skills" label={t('service.network.technician.skills')} extra={t('service.network.skillsHint')}>
              <Select mode="tags" options={labels.skillOptions(skillsInUse)} tokenSeparators={[',', ' ']} data-testid="technician-skills" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('service.network.technician.certificates')}</Typography.Text>
        <Form.List name="certificates">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((f) => (
                <Row key={f.key} gutter={8}>
                  <Col flex="auto">
                    <Form.Item name={[f.name, 'name']} rules={req} style={{ marginBottom: 8 }}>
                      <Input maxLength={100} placeholder={t('service.network.technician.certName')} />
                    </Form.Item>
                  </Col>
                  <Col flex="170px">
                    <Form.Item name={[f.name, 'number']} style={{ marginBottom: 8 }}>
                      <Input maxLength={60} placeholder={t('service.network.technician.certNumber')} />
                    </Form.Item>
                  </Col>
                  <Col flex="150px">
                    <Form.Item name={[f.name, 'validUntil']} style={{ marginBottom: 8 }}>
                      <DatePicker style={{ width: '100%' }} placeholder={t('service.network.technician.certValidUntil')} />
                    </Form.Item>
                  </Col>
                  <Col flex="40px">
                    <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })}>
                {t('service.network.technician.addCertificate')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
