// Correcting a complaint's details while it is open: who complains, what it concerns, the demands, the customer's
// value orientation and the soothing measures (S4 5.2.6), the investigation and its cause. Only the changed fields are
// sent (masked phone or e-mail are never sent back), with the version; a stale one asks to reload.
import { EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Col, Drawer, Form, Input, Row, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEMANDS, TEMPERAMENTS, type TComplaintUpdate } from '@kehu/shared';
import { ApiError, applyFieldErrors, errorText } from '../../../lib/api';
import { useDictOptions } from '../../../lib/reference';
import { complaintApi, complaintKeys, useComplaintMutation, type ComplaintDetail } from '../api';
import { ServiceOrderPicker, UnitPicker } from '../intake/LinkPickers';

interface Values {
  complainantName: string;
  complainantPhone?: string | null;
  complainantEmail?: string | null;
  unitId?: number | null;
  serviceOrderId?: number | null;
  orderNo?: string | null;
  summary?: string;
  demands: TComplaintUpdate['demands'];
  demandNote?: string | null;
  temperament?: TComplaintUpdate['temperament'];
  valueOrientation?: string | null;
  soothing?: string | null;
  investigation?: string | null;
  rootCause?: string | null;
  causeAnalysis?: string | null;
}

const TEXT_FIELDS = ['complainantName', 'complainantPhone', 'complainantEmail', 'orderNo', 'summary', 'demandNote', 'valueOrientation', 'soothing', 'investigation', 'causeAnalysis'] as const;

export function EditButton({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!complaint.canEdit) return null;
  return (
    <>
      <Button icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="complaint-edit">
        {t('common.edit')}
      </Button>
      {open && <EditDrawer complaint={complaint} onClose={() => setOpen(false)} />}
    </>
  );
}

function EditDrawer({ complaint: c, onClose }: { complaint: ComplaintDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const causes = useDictOptions('complaint_cause');
  const save = useComplaintMutation((body: TComplaintUpdate) => complaintApi.update(c.id, body));

  const submit = async (v: Values) => {
    const body: TComplaintUpdate = { version: c.version };
    const b = body as Record<string, unknown>;
    for (const f of TEXT_FIELDS) if (form.isFieldTouched(f)) b[f] = v[f]?.trim() || null;
    if (b.complainantName === null) delete b.complainantName;
    if (form.isFieldTouched('demands')) body.demands = v.demands ?? [];
    if (form.isFieldTouched('temperament')) body.temperament = v.temperament ?? null;
    if (form.isFieldTouched('rootCause')) body.rootCause = v.rootCause ?? null;
    // the server sets the links together: a change of one sends both (the product follows the unit)
    if (form.isFieldTouched('unitId') || form.isFieldTouched('serviceOrderId')) {
      body.unitId = v.unitId ?? null;
      body.serviceOrderId = v.serviceOrderId ?? null;
      body.productId = v.unitId ? null : (c.product?.id ?? null);
    }
    if (Object.keys(body).length === 1) return onClose();
    try {
      await save.mutateAsync(body);
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('complaints.main.conflict'));
        await qc.invalidateQueries({ queryKey: complaintKeys.detail(c.id) });
      } else if (!applyFieldErrors(form, e)) message.error(errorText(e));
    }
  };

  return (
    <Drawer
      open
      size={720}
      title={`${t('complaints.main.editTitle')} · ${c.code}`}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="complaint-edit-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          complainantName: c.complainantName,
          complainantPhone: c.complainantPhone,
          complainantEmail: c.complainantEmail,
          unitId: c.unit?.id ?? null,
          serviceOrderId: c.serviceOrder?.id ?? null,
          orderNo: c.orderNo,
          summary: c.summary,
          demands: c.demands as Values['demands'],
          demandNote: c.demandNote,
          temperament: c.temperament as Values['temperament'],
          valueOrientation: c.valueOrientation,
          soothing: c.soothing,
          investigation: c.investigation,
          rootCause: c.rootCause,
          causeAnalysis: c.causeAnalysis,
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="complainantName" label={t('complaints.main.complainant')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="complainantPhone" label={t('complaints.main.phone')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="complainantEmail" label={t('complaints.main.email')}>
              <Input maxLength={120} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="unitId" label={t('complaints.main.unit')}>
              <UnitPicker customerId={c.customer?.id} initialLabel={c.unit ? `${c.unit.serialNo} · ${c.unit.model} ${c.unit.productName}` : undefined} testId="edit-unit" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="serviceOrderId" label={t('complaints.main.serviceOrder')}>
              <ServiceOrderPicker customerId={c.customer?.id} initialLabel={c.serviceOrder?.code} testId="edit-service-order" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="orderNo" label={t('complaints.main.orderNo')}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="temperament" label={t('complaints.main.temperamentLabel')}>
              <Select allowClear options={TEMPERAMENTS.map((k) => ({ value: k, label: t(`complaints.main.temperament.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="summary" label={t('complaints.main.summary')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="demands" label={t('complaints.main.demands')}>
              <Checkbox.Group options={DEMANDS.map((d) => ({ value: d, label: t(`complaints.main.demand.${d}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="demandNote" label={t('complaints.main.demandNote')}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="valueOrientation" label={t('complaints.main.valueOrientation')} extra={t('complaints.main.valueOrientationHint')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="rootCause" label={t('complaints.main.rootCause')}>
              <Select allowClear options={causes} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="soothing" label={t('complaints.main.soothing')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="investigation" label={t('complaints.main.investigation')}>
              <Input.TextArea rows={3} maxLength={4000} data-testid="edit-investigation" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="causeAnalysis" label={t('complaints.main.causeAnalysis')}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
