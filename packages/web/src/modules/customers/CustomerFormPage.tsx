import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Divider, Form, Input, InputNumber, Radio, Row, Select, Space, Spin, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { BUYING_ROLES, LIFECYCLE_STATES } from '@kehu/shared';
import { ApiError, applyFieldErrors, errorText } from '../../lib/api';
import { useDictionaries, useDictOptions, useMe, useUserOptions } from '../../lib/reference';
import { customerApi, useCustomer, useCustomerMutation, type CustomerDetail } from './api';
import { DuplicateModal, type DuplicateMatch } from './DuplicateModal';
import { RegionCascader, regionToFields } from './RegionCascader';

const ENTERPRISE_TEXT = ['taxNo', 'industry', 'legalRepresentative', 'generalManager', 'fax', 'website', 'bankName', 'bankAccount', 'premises', 'mainProducts', 'mainSuppliers', 'mainCustomers', 'industryPosition', 'paymentMethod', 'competitors'] as const;
const INDIVIDUAL_TEXT = ['occupation', 'employer', 'jobTitle', 'preferredContact', 'housingType', 'hobbies', 'consumptionHabits', 'memberLevel'] as const;

const toDate = (v: unknown) => (v ? (v as Dayjs).format('YYYY-MM-DD') : null);
const fromDate = (v: unknown) => (v ? dayjs(String(v)) : undefined);
const yuanToFen = (v: unknown) => (v === undefined || v === null || v === '' ? null : Math.round(Number(v) * 100));
const fenToYuan = (v: unknown) => (v === undefined || v === null ? undefined : Number(v) / 100);
const emptyToNull = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === '' || v === undefined ? null : v]));

export function CustomerFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const editing = id ? Number(id) : null;
  const existing = useCustomer(editing ?? 0, false);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const type = Form.useWatch('type', form) ?? 'enterprise';
  const dicts = useDictionaries().data ?? {};
  const me = useMe().data;
  const users = useUserOptions().data ?? [];
  const [dups, setDups] = useState<DuplicateMatch[] | null>(null);
  const [pending, setPending] = useState<Record<string, unknown> | null>(null);
  const save = useCustomerMutation((body: Record<string, unknown>) => (editing ? customerApi.update(editing, body) : customerApi.create(body)));
  const dims = (dicts['classification_dimension'] ?? []).filter((d) => d.active);
  const lang = t('app.name') === 'Kehu' ? 'en' : 'zh';
  const opts = (type2: string) => (dicts[type2] ?? []).filter((i) => i.active).map((i) => ({ value: i.code, label: lang === 'en' ? i.labelEn : i.labelZh }));
  const gradeOptions = useDictOptions('grade');

  useEffect(() => {
    if (editing && existing.data) form.setFieldsValue(toForm(existing.data));
  }, [editing, existing.data, form]);

  if (editing && existing.isLoading) return <Spin style={{ margin: 80 }} />;

  const buildBody = (v: Record<string, unknown>) => {
    const p = (v.profile ?? {}) as Record<string, unknown>;
    const profile: Record<string, unknown> =
      v.type === 'enterprise'
        ? emptyToNull({
            ...Object.fromEntries(ENTERPRISE_TEXT.map((k) => [k, p[k]])),
            enterpriseNature: p.enterpriseNature,
            businessScope: p.businessScope,
            foundedOn: toDate(p.foundedOn),
            tradeStartDate: toDate(p.tradeStartDate),
            registeredCapitalFen: yuanToFen(p.registeredCapital),
            annualRevenueFen: yuanToFen(p.annualRevenue),
            employeeCount: p.employeeCount ?? null,
            creditTermDays: p.creditTermDays ?? null,
          })
        : {
            ...emptyToNull({
              ...Object.fromEntries(INDIVIDUAL_TEXT.map((k) => [k, p[k]])),
              gender: p.gender,
              maritalStatus: p.maritalStatus,
              education: p.education,
              incomeBand: p.incomeBand,
              homePhone: p.homePhone,
              housingAreaM2: p.housingAreaM2 ?? null,
              points: p.points ?? null,
              weddingAnniversary: toDate(p.weddingAnniversary),
            }),
            household: ((p.household as Record<string, unknown>[]) ?? []).filter(Boolean).map((m) => emptyToNull({ ...m, birthday: toDate(m.birthday) })),
          };
    const body: Record<string, unknown> = {
      ...emptyToNull({
        name: v.name,
        shortName: v.shortName,
        phone: v.phone,
        email: v.email,
        creditCode: v.type === 'enterprise' ? v.creditCode : undefined,
        idNumber: v.type === 'individual' ? v.idNumber : undefined,
        birthday: v.type === 'individual' ? toDate(v.birthday) : undefined,
        grade: v.grade,
        source: v.source,
        serviceTier: v.serviceTier,
        note: v.note,
      }),
      lifecycleState: v.lifecycleState,
      ownerId: v.ownerId ?? undefined,
      tags: v.tags ?? [],
      classifications: Object.fromEntries(Object.entries((v.classifications ?? {}) as Record<string, string[]>).filter(([, x]) => x?.length)),
      profile,
    };
    if (v.type === 'enterprise') delete body.idNumber;
    else delete body.creditCode;
    if (!editing) {
      body.type = v.type;
      body.contacts = ((v.contacts as Record<string, unknown>[]) ?? []).filter((c) => c?.name).map((c) => emptyToNull({ ...c, birthday: toDate(c.birthday) }));
      body.addresses = ((v.addresses as Record<string, unknown>[]) ?? [])
        .filter((a) => (a?.region as string[] | undefined)?.length)
        .map((a, i) => emptyToNull({ type: a.type ?? 'office', ...regionToFields(a.region as string[]), street: a.street, postcode: a.postcode, isDefault: i === 0 }));
    } else {
      body.version = existing.data!.version;
      // personal data is shown masked; a field the user did not touch stays as it is
      for (const k of ['phone', 'email', 'idNumber']) if (!form.isFieldTouched(k)) delete body[k];
      if (body.grade === existing.data!.grade) delete body.grade;
    }
    return body;
  };

  const send = async (body: Record<string, unknown>) => {
    try {
      const out = await save.mutateAsync(body);
      message.success(editing ? t('common.saved') : t('customer.created'));
      navigate(`/customers/${out.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CUSTOMER_DUPLICATE') {
        setPending(body);
        setDups((e.body.duplicates as DuplicateMatch[]) ?? []);
      } else if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.error(t('common.conflict'));
      } else if (!applyFieldErrors(form, e)) message.error(errorText(e));
      else message.error(errorText(e));
    }
  };

  const p = (name: string) => ['profile', name];
  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {editing ? t('customer.editTitle') : t('customer.new')}
      </Typography.Title>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ type: 'enterprise', lifecycleState: 'active', contacts: [{}], addresses: [{ type: 'office' }], ownerId: me?.id }}
        onFinish={(v) => void send(buildBody(v))}
        scrollToFirstError
      >
        <Card title={t('customer.tabs.basic')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="type" label={t('customer.type')}>
                <Radio.Group disabled={!!editing} optionType="button" options={[{ value: 'enterprise', label: t('customer.enterprise') }, { value: 'individual', label: t('customer.individual') }]} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="name" label={t('customer.name')} rules={[{ required: true, message: t('common.required') }, { max: 100 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="shortName" label={t('customer.shortName')} rules={[{ max: 50 }]}>
                <Input />
              </Form.Item>
            </Col>
            {type === 'enterprise' ? (
              <Col xs={24} md={8}>
                <Form.Item name="creditCode" label={t('customer.creditCode')}>
                  <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
                </Form.Item>
              </Col>
            ) : (
              <>
                <Col xs={24} md={8}>
                  <Form.Item name="idNumber" label={t('customer.idNumber')}>
                    <Input maxLength={18} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={4}>
                  <Form.Item name="birthday" label={t('customer.birthday')}>
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </>
            )}
            <Col xs={24} md={6}>
              <Form.Item name="phone" label={t('customer.phone')}>
                <Input placeholder={editing ? (existing.data?.phone ?? '') : undefined} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="email" label={t('customer.email')}>
                <Input placeholder={editing ? (existing.data?.email ?? '') : undefined} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="lifecycleState" label={t('customer.lifecycleState')}>
                <Select options={LIFECYCLE_STATES.map((s) => ({ value: s, label: t(`customer.state.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="grade" label={t('customer.grade')}>
                <Select allowClear options={gradeOptions} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="source" label={t('customer.source')}>
                <Select allowClear options={opts('source')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="serviceTier" label={t('customer.serviceTier')}>
                <Select allowClear options={opts('service_tier')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="ownerId" label={t('customer.owner')}>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  options={(users.length ? users : me ? [{ id: me.id, displayName: me.displayName }] : []).map((u) => ({ value: u.id, label: u.displayName }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="tags" label={t('customer.tags')}>
                <Select mode="tags" tokenSeparators={[',', '，', '、']} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="note" label={t('customer.note')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t('customer.classifications')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            {dims.map((d) => (
              <Col xs={24} md={8} key={d.code}>
                <Form.Item name={['classifications', d.code]} label={lang === 'en' ? d.labelEn : d.labelZh}>
                  <Select mode="multiple" allowClear options={opts(`cls.${d.code}`)} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Card>

        <Card title={type === 'enterprise' ? t('customer.profile.enterprise') : t('customer.profile.individual')} style={{ marginBottom: 16 }}>
          {type === 'enterprise' ? (
            <Row gutter={16}>
              <Col xs={12} md={6}>
                <Form.Item name={p('enterpriseNature')} label={t('customer.profile.enterpriseNature')}>
                  <Select allowClear options={opts('enterprise_nature')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('foundedOn')} label={t('customer.profile.foundedOn')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('registeredCapital')} label={t('customer.profile.registeredCapital')}>
                  <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('annualRevenue')} label={t('customer.profile.annualRevenue')}>
                  <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('employeeCount')} label={t('customer.profile.employeeCount')}>
                  <InputNumber min={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('tradeStartDate')} label={t('customer.profile.tradeStartDate')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('creditTermDays')} label={t('customer.profile.creditTermDays')}>
                  <InputNumber min={0} max={3650} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              {ENTERPRISE_TEXT.map((k) => (
                <Col xs={12} md={6} key={k}>
                  <Form.Item name={p(k)} label={t(`customer.profile.${k}`)}>
                    <Input />
                  </Form.Item>
                </Col>
              ))}
              <Col xs={24}>
                <Form.Item name={p('businessScope')} label={t('customer.profile.businessScope')}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              </Col>
            </Row>
          ) : (
            <Row gutter={16}>
              <Col xs={12} md={6}>
                <Form.Item name={p('gender')} label={t('customer.profile.gender')}>
                  <Select allowClear options={[{ value: 'male', label: t('customer.profile.male') }, { value: 'female', label: t('customer.profile.female') }]} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('maritalStatus')} label={t('customer.profile.maritalStatus')}>
                  <Select allowClear options={opts('marital_status')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('education')} label={t('customer.profile.education')}>
                  <Select allowClear options={opts('education')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('incomeBand')} label={t('customer.profile.incomeBand')}>
                  <Select allowClear options={opts('income_band')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('homePhone')} label={t('customer.profile.homePhone')}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('housingAreaM2')} label={t('customer.profile.housingArea')}>
                  <InputNumber min={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('weddingAnniversary')} label={t('customer.profile.weddingAnniversary')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={p('points')} label={t('customer.profile.points')}>
                  <InputNumber min={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              {INDIVIDUAL_TEXT.map((k) => (
                <Col xs={12} md={6} key={k}>
                  <Form.Item name={p(k)} label={t(`customer.profile.${k}`)}>
                    <Input />
                  </Form.Item>
                </Col>
              ))}
              <Col xs={24}>
                <Divider titlePlacement="left">{t('customer.profile.household')}</Divider>
                <Form.List name={['profile', 'household']}>
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((f) => (
                        <Space key={f.key} align="baseline" wrap>
                          <Form.Item name={[f.name, 'relation']} rules={[{ required: true, message: t('common.required') }]}>
                            <Input placeholder={t('customer.profile.relation')} style={{ width: 100 }} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: t('common.required') }]}>
                            <Input placeholder={t('customer.profile.memberName')} style={{ width: 120 }} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'age']}>
                            <InputNumber placeholder={t('customer.profile.age')} min={0} max={150} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'occupation']}>
                            <Input placeholder={t('customer.profile.occupation')} style={{ width: 120 }} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'birthday']}>
                            <DatePicker placeholder={t('customer.birthday')} />
                          </Form.Item>
                          <MinusCircleOutlined onClick={() => remove(f.name)} />
                        </Space>
                      ))}
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                        {t('common.add')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </Col>
            </Row>
          )}
        </Card>

        {!editing && (
          <>
            <Card title={t('customer.tabs.contacts')} style={{ marginBottom: 16 }}>
              <Form.List name="contacts">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Row gutter={8} key={f.key} align="middle">
                        <Col xs={12} md={4}>
                          <Form.Item name={[f.name, 'name']} label={t('customer.contact.name')}>
                            <Input />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                          <Form.Item name={[f.name, 'title']} label={t('customer.contact.jobTitle')}>
                            <Input />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                          <Form.Item name={[f.name, 'buyingRole']} label={t('customer.contact.buyingRole')}>
                            <Select allowClear options={BUYING_ROLES.map((r) => ({ value: r, label: t(`customer.buyingRole.${r}`) }))} />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                          <Form.Item name={[f.name, 'mobile']} label={t('customer.contact.mobile')}>
                            <Input />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                          <Form.Item name={[f.name, 'email']} label={t('customer.contact.email')}>
                            <Input />
                          </Form.Item>
                        </Col>
                        <Col xs={10} md={3}>
                          <Form.Item name={[f.name, 'isPrimary']} label={t('customer.contact.primary')} valuePropName="checked">
                            <Switch />
                          </Form.Item>
                        </Col>
                        <Col xs={2} md={1}>
                          <MinusCircleOutlined onClick={() => remove(f.name)} />
                        </Col>
                      </Row>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                      {t('customer.contact.add')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>
            <Card title={t('customer.tabs.addresses')} style={{ marginBottom: 16 }}>
              <Form.List name="addresses">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Row gutter={8} key={f.key} align="middle">
                        <Col xs={12} md={4}>
                          <Form.Item name={[f.name, 'type']} label={t('customer.address.type')}>
                            <Select options={opts('address_type')} />
                          </Form.Item>
                        </Col>
                        <Col xs={24} md={8}>
                          <Form.Item name={[f.name, 'region']} label={t('customer.address.region')}>
                            <RegionCascader />
                          </Form.Item>
                        </Col>
                        <Col xs={24} md={7}>
                          <Form.Item name={[f.name, 'street']} label={t('customer.address.street')}>
                            <Input />
                          </Form.Item>
                        </Col>
                        <Col xs={10} md={4}>
                          <Form.Item name={[f.name, 'postcode']} label={t('customer.address.postcode')}>
                            <Input maxLength={6} />
                          </Form.Item>
                        </Col>
                        <Col xs={2} md={1}>
                          <MinusCircleOutlined onClick={() => remove(f.name)} />
                        </Col>
                      </Row>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: 'office' })}>
                      {t('customer.address.add')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>
          </>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
        </Space>
      </Form>
      <DuplicateModal
        matches={dups}
        onCancel={() => setDups(null)}
        onConfirm={() => {
          setDups(null);
          if (pending) void send({ ...pending, confirmDuplicate: true });
        }}
      />
    </div>
  );
}

function toForm(c: CustomerDetail) {
  const p = c.profile ?? {};
  return {
    type: c.type,
    name: c.name,
    shortName: c.shortName,
    phone: undefined, // masked on the card; left empty means unchanged
    email: undefined,
    creditCode: c.creditCode,
    idNumber: undefined,
    birthday: fromDate(c.birthday),
    lifecycleState: c.lifecycleState,
    grade: c.grade,
    source: c.source,
    serviceTier: c.serviceTier,
    ownerId: c.ownerId,
    tags: c.tags,
    note: c.note,
    classifications: c.classifications,
    profile: {
      ...p,
      foundedOn: fromDate(p.foundedOn),
      tradeStartDate: fromDate(p.tradeStartDate),
      weddingAnniversary: fromDate(p.weddingAnniversary),
      registeredCapital: fenToYuan(p.registeredCapitalFen),
      annualRevenue: fenToYuan(p.annualRevenueFen),
      household: ((p.household as Record<string, unknown>[]) ?? []).map((m) => ({ ...m, birthday: fromDate(m.birthday) })),
    },
  };
}
