// 索赔审批权限: the most each role may approve on a claim (¥; 无上限 = no ceiling). Amounts are kept in fen.
import { PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TClaimBand } from '@kehu/shared';
import { formatFen } from '../../../lib/format';
import { useShowError } from '../../admin/useShowError';
import { settingsApi, settingsKeys, useClaimBands, useSettingsMutation, useSettingsOptions } from './api';
import { useSettingsLabels } from './useSettingsLabels';

/** the schema's ceiling on money (ZFen): ¥1,000,000,000 */
const MAX_YUAN = 1_000_000_000;

export function BandsTab({ writable }: { writable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const labels = useSettingsLabels();
  const roles = useSettingsOptions().data?.roles;
  const { data, isFetching } = useClaimBands();
  const [editing, setEditing] = useState<TClaimBand | 'new' | null>(null);
  const remove = useSettingsMutation((b: TClaimBand) => settingsApi.deleteBand(b.id, b.version), [settingsKeys.bands]);

  const onDelete = async (b: TClaimBand) => {
    try {
      await remove.mutateAsync(b);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  // a band ordered by its ceiling, the unlimited ones last
  const sorted = [...(data ?? [])].sort((a, b) => (a.maxFen ?? Infinity) - (b.maxFen ?? Infinity) || a.roleCode.localeCompare(b.roleCode));

  return (
    <>
      <div className="kehu-toolbar">
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} style={{ marginLeft: 'auto' }} onClick={() => setEditing('new')} data-testid="claim-band-new">
            {t('complaints.settings.bands.new')}
          </Button>
        )}
      </div>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('complaints.settings.bands.hint')} />
      <Table<TClaimBand>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={sorted}
        pagination={false}
        data-testid="claim-bands"
        columns={[
          {
            title: t('complaints.settings.bands.role'),
            dataIndex: 'roleCode',
            render: (v: string) => {
              const role = roles?.find((r) => r.code === v);
              return (
                <Space size={6}>
                  <span>{labels.role(v)}</span>
                  {role && !role.canApproveClaims && (
                    <Tooltip title={t('complaints.settings.bands.cannotApprove')}>
                      <WarningOutlined style={{ color: '#fa8c16' }} />
                    </Tooltip>
                  )}
                </Space>
              );
            },
          },
          {
            title: t('complaints.settings.bands.ceiling'),
            dataIndex: 'maxFen',
            align: 'right',
            render: (v: number | null) => (v === null ? <Tag color="gold">{t('complaints.settings.bands.unlimited')}</Tag> : formatFen(v)),
          },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 140,
                  render: (_: unknown, b: TClaimBand) => (
                    <Space>
                      <a onClick={() => setEditing(b)}>{t('common.edit')}</a>
                      <Popconfirm title={t('complaints.settings.bands.deleteConfirm')} onConfirm={() => onDelete(b)}>
                        <a>{t('common.delete')}</a>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <BandModal band={editing === 'new' ? null : editing} taken={(data ?? []).map((b) => b.roleCode)} onClose={() => setEditing(null)} />}
    </>
  );
}

interface Values {
  roleCode: string;
  unlimited: boolean;
  maxYuan?: number | null;
}

function BandModal({ band, taken, onClose }: { band: TClaimBand | null; taken: string[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const roles = useSettingsOptions().data?.roles ?? [];
  const unlimited = Form.useWatch('unlimited', form);
  const save = useSettingsMutation((v: Values): Promise<unknown> => {
    const maxFen = v.unlimited ? null : Math.round((v.maxYuan ?? 0) * 100);
    return band ? settingsApi.updateBand(band.id, { maxFen, version: band.version }) : settingsApi.createBand({ roleCode: v.roleCode, maxFen });
  }, [settingsKeys.bands]);

  useEffect(() => {
    form.setFieldsValue(band ? { roleCode: band.roleCode, unlimited: band.maxFen === null, maxYuan: band.maxFen === null ? null : band.maxFen / 100 } : { unlimited: false, maxYuan: null });
  }, [band, form]);

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

  const roleOptions = roles
    .filter((r) => r.code === band?.roleCode || !taken.includes(r.code))
    .map((r) => ({ value: r.code, label: (i18n.language === 'en-US' ? r.nameEn : r.nameZh) + (r.canApproveClaims ? '' : ' ⚠') }));

  return (
    <Modal
      open
      width={480}
      title={band ? t('complaints.settings.bands.edit') : t('complaints.settings.bands.new')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="roleCode" label={t('complaints.settings.bands.role')} rules={[{ required: true, message: t('common.required') }]}>
          <Select disabled={!!band} options={roleOptions} data-testid="band-role" />
        </Form.Item>
        <Form.Item name="unlimited" valuePropName="checked">
          <Checkbox>{t('complaints.settings.bands.unlimited')}</Checkbox>
        </Form.Item>
        {!unlimited && (
          <Form.Item name="maxYuan" label={t('complaints.settings.bands.amount')} rules={[{ required: true, message: t('complaints.settings.bands.amountRequired') }]}>
            <InputNumber min={0} max={MAX_YUAN} precision={2} step={1000} prefix="¥" style={{ width: '100%' }} data-testid="band-amount" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
