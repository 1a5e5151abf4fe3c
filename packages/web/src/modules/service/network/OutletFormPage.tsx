// Create or edit a service outlet (售后服务中心网点): the tool-30 fields, service types and skills, the team that sees
// its orders, the authorisation period, and the coverage regions.
import type { TOutlet, TOutletCreate } from '@kehu/shared';
import { App, Button, Card, Col, DatePicker, Divider, Form, Input, InputNumber, Result, Row, Select, Space, Spin, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../lib/api';
import { RegionCascader } from '../../customers/RegionCascader';
import { unitTreeOptions, useOrgUnits } from '../../admin/api';
import { useShowError } from '../../admin/useShowError';
import { CoverageEditor, type CoverageRow } from './CoverageEditor';
import { networkApi, regionPath, useNetworkMutation, useOutlet } from './api';
import { useNetworkLabels } from './useNetworkLabels';

interface Values {
  code: string;
  name: string;
  kind: string;
  level?: string;
  orgUnitId?: number | null;
  region?: string[];
  address?: string;
  manager?: string;
  phone?: string;
  fax?: string;
  email?: string;
  serviceTypes: string[];
  skills: string[];
  dailyCapacity: number;
  openingHours?: string;
  authorisedFrom?: Dayjs | null;
  authorisedTo?: Dayjs | null;
  annualGrade?: string;
  note?: string;
  regions: CoverageRow[];
}

const day = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);
const text = (v: string | undefined) => v?.trim() || null;
const last = (v: string[] | undefined) => (v?.length ? v[v.length - 1]! : null);

function toBody(v: Values): TOutletCreate {
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    kind: v.kind as TOutletCreate['kind'],
    level: text(v.level),
    orgUnitId: v.orgUnitId ?? null,
    regionCode: last(v.region),
    address: text(v.address),
    manager: text(v.manager),
    phone: text(v.phone),
    fax: text(v.fax),
    email: text(v.email),
    serviceTypes: v.serviceTypes as TOutletCreate['serviceTypes'],
    skills: v.skills ?? [],
    dailyCapacity: v.dailyCapacity,
    openingHours: text(v.openingHours),
    authorisedFrom: day(v.authorisedFrom),
    authorisedTo: day(v.authorisedTo),
    annualGrade: text(v.annualGrade),
    note: text(v.note),
    regions: (v.regions ?? []).filter((r) => r.region?.length).map((r) => ({ regionCode: last(r.region)!, regionType: r.regionType as 'urban' })),
  };
}

function fromOutlet(o: TOutlet): Values {
  return {
    code: o.code,
    name: o.name,
    kind: o.kind,
    level: o.level ?? undefined,
    orgUnitId: o.orgUnitId,
    region: regionPath(o.regionCode),
    address: o.address ?? undefined,
    manager: o.manager ?? undefined,
    phone: o.phone ?? undefined,
    fax: o.fax ?? undefined,
    email: o.email ?? undefined,
    serviceTypes: o.serviceTypes,
    skills: o.skills,
    dailyCapacity: o.dailyCapacity,
    openingHours: o.openingHours ?? undefined,
    authorisedFrom: o.authorisedFrom ? dayjs(o.authorisedFrom) : null,
    authorisedTo: o.authorisedTo ? dayjs(o.authorisedTo) : null,
    annualGrade: o.annualGrade ?? undefined,
    note: o.note ?? undefined,
    regions: o.regions.map((g) => ({ region: regionPath(g.regionCode), regionType: g.regionType })),
  };
}

const DEFAULTS: Partial<Values> = { kind: 'own', serviceTypes: ['install', 'repair', 'maintenance', 'inspection'], skills: [], dailyCapacity: 20, regions: [] };

/** Server paths of region codes → the form's cascader fields. */
function mapPaths(err: unknown) {
  if (!(err instanceof ApiError)) return;
  for (const f of err.errors) {
    if (f.path === 'regionCode') f.path = 'region';
    f.path = f.path.replace(/^regions\.(\d+)\.regionCode$/, 'regions.$1.region');
  }
}

export function OutletFormPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const showError = useShowError();
  const labels = useNetworkLabels();
  const id = Number(useParams().id) || undefined;
  const existing = useOutlet(id);
  const units = useOrgUnits().data ?? [];
  const [form] = Form.useForm<Values>();
  const outlet = existing.data;
  const skillsInUse = Form.useWatch('skills', form) ?? [];

  useEffect(() => {
    if (outlet) form.setFieldsValue(fromOutlet(outlet));
    else if (!id) form.setFieldsValue(DEFAULTS);
  }, [outlet, id, form]);

  const save = useNetworkMutation(async (v: Values) => {
    const body = toBody(v);
    return outlet ? networkApi.updateOutlet(outlet.id, { ...body, version: outlet.version }) : networkApi.createOutlet(body);
  });

  const submit = async (v: Values) => {
    try {
      const out = await save.mutateAsync(v);
      message.success(outlet ? t('common.saved') : t('service.network.outlet.created'));
      navigate(`/service/outlets/${out.id}`);
    } catch (e) {
      mapPaths(e);
      showError(e, form);
    }
  };

  if (id && existing.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (id && (existing.error || !outlet)) {
    return <Result status="404" title={existing.error instanceof ApiError ? existing.error.title : t('common.loading')} extra={<Button onClick={() => navigate('/service/outlets')}>{t('common.back')}</Button>} />;
  }

  const req = [{ required: true, message: t('common.required') }];
  const col = (node: React.ReactNode, md = 12) => (
    <Col xs={24} md={md}>
      {node}
    </Col>
  );

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {outlet ? `${t('service.network.outlet.edit')} ${outlet.code}` : t('service.network.outlet.new')}
      </Typography.Title>
      <Card>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="outlet-form" style={{ maxWidth: 1040 }}>
          <Row gutter={16}>
            {col(
              <Form.Item name="code" label={t('service.network.outlet.code')} rules={[...req, { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, message: t('service.network.outlet.codeRule') }]}>
                <Input maxLength={30} data-testid="outlet-code" />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="name" label={t('service.network.outlet.name')} rules={req}>
                <Input maxLength={100} data-testid="outlet-name" />
              </Form.Item>,
              16,
            )}
            {col(
              <Form.Item name="kind" label={t('service.network.outlet.kind')} rules={req}>
                <Select options={labels.kindOptions} data-testid="outlet-kind" />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="level" label={t('service.network.outlet.level')}>
                <Input maxLength={20} placeholder={t('service.network.outlet.levelHint')} />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="orgUnitId" label={t('service.network.outlet.orgUnit')} extra={t('service.network.outlet.orgUnitHint')}>
                <TreeSelect allowClear treeDefaultExpandAll treeData={unitTreeOptions(units)} />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="region" label={t('service.network.outlet.region')}>
                <RegionCascader />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="address" label={t('service.network.outlet.address')}>
                <Input maxLength={200} />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="manager" label={t('service.network.outlet.manager')}>
                <Input maxLength={50} />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="phone" label={t('service.network.outlet.phone')}>
                <Input maxLength={40} />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="fax" label={t('service.network.outlet.fax')}>
                <Input maxLength={40} />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="email" label={t('service.network.outlet.email')} rules={[{ type: 'email', message: t('service.network.outlet.emailRule') }]}>
                <Input maxLength={200} />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="serviceTypes" label={t('service.network.outlet.serviceTypes')} rules={[{ required: true, type: 'array', min: 1, message: t('service.network.outlet.serviceTypesRule') }]}>
                <Select mode="multiple" options={labels.serviceTypeOptions} data-testid="outlet-service-types" />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="skills" label={t('service.network.outlet.skills')} extra={t('service.network.skillsHint')}>
                <Select mode="tags" options={labels.skillOptions(skillsInUse)} tokenSeparators={[',', ' ']} data-testid="outlet-skills" />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="dailyCapacity" label={t('service.network.outlet.dailyCapacity')} rules={req}>
                <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="openingHours" label={t('service.network.outlet.openingHours')}>
                <Input maxLength={100} placeholder="08:30–17:30" />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="authorisedFrom" label={t('service.network.outlet.authorisedFrom')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="authorisedTo" label={t('service.network.outlet.authorisedTo')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="annualGrade" label={t('service.network.outlet.annualGrade')}>
                <Input maxLength={20} />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="note" label={t('service.network.outlet.note')}>
                <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
              </Form.Item>,
              18,
            )}
          </Row>
          <Divider titlePlacement="start">{t('service.network.outlet.coverage')}</Divider>
          <CoverageEditor />
          <Divider />
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="outlet-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => navigate(outlet ? `/service/outlets/${outlet.id}` : '/service/outlets')}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
