// 客户管理卡: everything about one customer on one page.
import { EditOutlined, EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Alert, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Select, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorText, get, qs } from '../../lib/api';
import { formatDate, formatDateTime, formatFen } from '../../lib/format';
import { useCan, useDictLabel, useDictionaries, useDictOptions } from '../../lib/reference';
import { customerApi, useCustomer, useCustomerMutation, type CustomerDetail, type CustomerListItem, type Page } from './api';
import { AddressesTab } from './AddressesTab';
import { ContactsTab } from './ContactsTab';
import { AttachmentsTab, GradeHistoryTab, TimelineTab } from './HistoryTabs';
import { CustomerServiceTab } from '../service/customer/CustomerServiceTab';
import { CustomerComplaintsTab } from '../complaints/list/CustomerComplaintsTab';

export function CustomerDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const [reveal, setReveal] = useState(false);
  const { data: c, isLoading, error, refetch } = useCustomer(id, reveal);
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const label = useDictLabel();
  const [gradeOpen, setGradeOpen] = useState(false);
  const [mergeOpen, setMergeOpen] = useState(false);
  const archive = useCustomerMutation((v: { archived: boolean; version: number }) => (v.archived ? customerApi.archive(id, v.version) : customerApi.restore(id, v.version)));

  if (isLoading) return <Spin style={{ margin: 80 }} />;
  if (error || !c) return <Alert type="error" style={{ margin: 24 }} title={errorText(error)} />;
  const editable = can('customers:update') && !c.archivedAt;

  const onArchive = async (archived: boolean) => {
    try {
      await archive.mutateAsync({ archived, version: c.version });
      message.success(t('common.saved'));
    } catch (e) {
      message.error(e instanceof ApiError && e.code === 'VERSION_CONFLICT' ? t('common.conflict') : errorText(e));
      void refetch();
    }
  };

  return (
    <div className="kehu-page">
      <Card style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 12 }}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {c.name} {c.shortName && <Typography.Text type="secondary">（{c.shortName}）</Typography.Text>}
            </Typography.Title>
            <Space wrap style={{ marginTop: 8 }}>
              <Typography.Text code>{c.code}</Typography.Text>
              <Tag>{t(`customer.${c.type}`)}</Tag>
              <Tag color="geekblue">{t(`customer.state.${c.lifecycleState}`)}</Tag>
              {c.grade && <Tag color={c.grade === 'A' ? 'red' : 'orange'}>{label('grade', c.grade)}</Tag>}
              {c.archivedAt && <Tag color="default">{t('customer.archived')}</Tag>}
              {c.mergedIntoId && (
                <Link to={`/customers/${c.mergedIntoId}`}>
                  {t('customer.mergedInto')} #{c.mergedIntoId}
                </Link>
              )}
              {c.tags.map((x) => (
                <Tag key={x}>{x}</Tag>
              ))}
            </Space>
          </div>
          <Space wrap className="no-print">
            {c.canReveal && !reveal && (
              <Button icon={<EyeOutlined />} onClick={() => setReveal(true)}>
                {t('customer.reveal')}
              </Button>
            )}
            {editable && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/customers/${id}/edit`)}>
                {t('common.edit')}
              </Button>
            )}
            {can('customers:grade') && !c.archivedAt && <Button onClick={() => setGradeOpen(true)}>{t('customer.gradeLog.change')}</Button>}
            {can('customers:merge') && !c.archivedAt && <Button onClick={() => setMergeOpen(true)}>{t('customer.merge.title')}</Button>}
            <Button icon={<PrinterOutlined />} onClick={() => navigate(`/customers/${id}/print`)}>
              {t('customer.printCard')}
            </Button>
            {can('customers:archive') &&
              (c.archivedAt ? (
                <Button onClick={() => void onArchive(false)}>{t('common.restore')}</Button>
              ) : (
                <Popconfirm title={t('customer.archiveConfirm')} onConfirm={() => void onArchive(true)}>
                  <Button danger>{t('common.archive')}</Button>
                </Popconfirm>
              ))}
          </Space>
        </div>
        {reveal ? <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('customer.revealed')} /> : null}
      </Card>
      <Card>
        <Tabs
          items={[
            { key: 'basic', label: t('customer.tabs.basic'), children: <BasicData c={c} /> },
            { key: 'contacts', label: `${t('customer.tabs.contacts')} (${c.contacts.length})`, children: <ContactsTab customer={c} editable={editable} /> },
            { key: 'addresses', label: `${t('customer.tabs.addresses')} (${c.addresses.length})`, children: <AddressesTab customer={c} editable={editable} /> },
            { key: 'grades', label: t('customer.tabs.grades'), children: <GradeHistoryTab customerId={id} /> },
            { key: 'attachments', label: t('customer.tabs.attachments'), children: <AttachmentsTab customerId={id} editable={editable} /> },
            { key: 'notes', label: t('customer.tabs.notes'), children: <TimelineTab customerId={id} notesOnly editable={can('customers:update')} /> },
            { key: 'timeline', label: t('customer.tabs.timeline'), children: <TimelineTab customerId={id} /> },
            ...(can('service:read') ? [{ key: 'service', label: t('service.fees.tab'), children: <CustomerServiceTab customerId={id} archived={!!c.archivedAt} /> }] : []),
            ...(can('complaints:read') ? [{ key: 'complaints', label: t('complaints.main.customerTab'), children: <CustomerComplaintsTab customerId={id} archived={!!c.archivedAt} /> }] : []),
          ]}
        />
      </Card>
      <GradeModal open={gradeOpen} customer={c} onClose={() => setGradeOpen(false)} />
      <MergeModal open={mergeOpen} customer={c} onClose={() => setMergeOpen(false)} />
    </div>
  );
}

function BasicData({ c }: { c: CustomerDetail }) {
  const { t, i18n } = useTranslation();
  const label = useDictLabel();
  const dicts = useDictionaries().data ?? {};
  const p = c.profile as Record<string, unknown>;
  const text = (k: string) => (p[k] === undefined || p[k] === null || p[k] === '' ? '—' : String(p[k]));
  const dims = dicts['classification_dimension'] ?? [];
  return (
    <>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('customer.code')}>{c.code}</Descriptions.Item>
        <Descriptions.Item label={t('customer.type')}>{t(`customer.${c.type}`)}</Descriptions.Item>
        {c.type === 'enterprise' ? (
          <Descriptions.Item label={t('customer.creditCode')}>{c.creditCode ?? '—'}</Descriptions.Item>
        ) : (
          <Descriptions.Item label={t('customer.idNumber')}>{c.idNumber ?? '—'}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('customer.phone')}>
          <span data-testid="customer-phone">{c.phone ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.email')}>{c.email ?? '—'}</Descriptions.Item>
        {c.type === 'individual' && <Descriptions.Item label={t('customer.birthday')}>{formatDate(c.birthday)}</Descriptions.Item>}
        <Descriptions.Item label={t('customer.lifecycleState')}>{t(`customer.state.${c.lifecycleState}`)}</Descriptions.Item>
        <Descriptions.Item label={t('customer.grade')}>{label('grade', c.grade)}</Descriptions.Item>
        <Descriptions.Item label={t('customer.source')}>{label('source', c.source)}</Descriptions.Item>
        <Descriptions.Item label={t('customer.serviceTier')}>{label('service_tier', c.serviceTier)}</Descriptions.Item>
        <Descriptions.Item label={t('customer.owner')}>{c.ownerName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('customer.team')}>{c.teamName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('customer.region')}>{c.region || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('common.createdAt')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('common.updatedAt')}>{formatDateTime(c.updatedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('customer.note')} span={3}>
          {c.note ?? '—'}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('customer.classifications')}
      </Typography.Title>
      <Space wrap>
        {dims
          .filter((d) => c.classifications[d.code]?.length)
          .map((d) => (
            <Tag key={d.code} color="purple">
              {i18n.language === 'en-US' ? d.labelEn : d.labelZh}：{c.classifications[d.code].map((v) => label(`cls.${d.code}`, v)).join('、')}
            </Tag>
          ))}
      </Space>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {c.type === 'enterprise' ? t('customer.profile.enterprise') : t('customer.profile.individual')}
      </Typography.Title>
      {c.type === 'enterprise' ? (
        <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('customer.profile.enterpriseNature')}>{label('enterprise_nature', p.enterpriseNature as string)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.profile.foundedOn')}>{formatDate(p.foundedOn as string)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.profile.registeredCapital')}>{formatFen(p.registeredCapitalFen as number)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.profile.annualRevenue')}>{formatFen(p.annualRevenueFen as number)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.profile.employeeCount')}>{text('employeeCount')}</Descriptions.Item>
          <Descriptions.Item label={t('customer.profile.creditTermDays')}>{text('creditTermDays')}</Descriptions.Item>
          {['taxNo', 'industry', 'legalRepresentative', 'generalManager', 'fax', 'website', 'bankName', 'bankAccount', 'premises', 'mainProducts', 'mainSuppliers', 'mainCustomers', 'industryPosition', 'paymentMethod', 'competitors', 'businessScope'].map((k) => (
            <Descriptions.Item key={k} label={t(`customer.profile.${k}`)}>
              {text(k)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      ) : (
        <>
          <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
            <Descriptions.Item label={t('customer.profile.gender')}>{p.gender ? t(`customer.profile.${p.gender}`) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('customer.profile.maritalStatus')}>{label('marital_status', p.maritalStatus as string)}</Descriptions.Item>
            <Descriptions.Item label={t('customer.profile.education')}>{label('education', p.education as string)}</Descriptions.Item>
            <Descriptions.Item label={t('customer.profile.incomeBand')}>{label('income_band', p.incomeBand as string)}</Descriptions.Item>
            {['occupation', 'employer', 'jobTitle', 'homePhone', 'preferredContact', 'housingType', 'hobbies', 'consumptionHabits', 'memberLevel', 'points'].map((k) => (
              <Descriptions.Item key={k} label={t(`customer.profile.${k}`)}>
                {text(k)}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('customer.profile.housingArea')}>{text('housingAreaM2')}</Descriptions.Item>
            <Descriptions.Item label={t('customer.profile.weddingAnniversary')}>{formatDate(p.weddingAnniversary as string)}</Descriptions.Item>
          </Descriptions>
          {Array.isArray(p.household) && p.household.length > 0 && (
            <Descriptions title={t('customer.profile.household')} size="small" bordered column={1} style={{ marginTop: 12 }}>
              {(p.household as { relation: string; name: string; age?: number; occupation?: string; birthday?: string }[]).map((m, i) => (
                <Descriptions.Item key={i} label={m.relation}>
                  {m.name} {m.age ? t('customer.profile.ageYears', { age: m.age }) : ''} {m.occupation ?? ''} {m.birthday ? formatDate(m.birthday) : ''}
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}
        </>
      )}
    </>
  );
}

function GradeModal({ open, customer, onClose }: { open: boolean; customer: CustomerDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const options = useDictOptions('grade');
  const save = useCustomerMutation((v: Record<string, unknown>) => customerApi.grade(customer.id, { ...v, version: customer.version }));
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync(v);
      message.success(t('common.saved'));
      form.resetFields();
      onClose();
    } catch (e) {
      message.error(e instanceof ApiError && e.code === 'VERSION_CONFLICT' ? t('common.conflict') : errorText(e));
    }
  };
  return (
    <Modal open={open} title={t('customer.gradeLog.change')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending}>
      <Form form={form} layout="vertical">
        <Form.Item name="grade" label={t('customer.gradeLog.new')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={options} />
        </Form.Item>
        <Form.Item name="reason" label={t('customer.gradeLog.reason')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Form.Item name="approvedBy" label={t('customer.gradeLog.approvedBy')}>
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MergeModal({ open, customer, onClose }: { open: boolean; customer: CustomerDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [sourceId, setSourceId] = useState<number | null>(null);
  const merge = useCustomerMutation((src: number) => customerApi.merge(customer.id, src, customer.version));
  const search = async (q: string) => {
    if (!q.trim()) return;
    const r = await get<Page<CustomerListItem>>('/api/v1/customers' + qs({ q, pageSize: 20 }));
    setOptions(r.items.filter((x) => x.id !== customer.id).map((x) => ({ value: x.id, label: `${x.code} ${x.name}` })));
  };
  const submit = async () => {
    if (!sourceId) return;
    try {
      await merge.mutateAsync(sourceId);
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open={open} title={t('customer.merge.title')} onCancel={onClose} onOk={() => void submit()} okText={t('customer.merge.submit')} okButtonProps={{ danger: true, disabled: !sourceId }} confirmLoading={merge.isPending}>
      <Typography.Paragraph>{t('customer.merge.hint')}</Typography.Paragraph>
      <Select showSearch filterOption={false} onSearch={(q) => void search(q)} options={options} value={sourceId ?? undefined} onChange={setSourceId} placeholder={t('customer.merge.pick')} style={{ width: '100%' }} />
    </Modal>
  );
}
