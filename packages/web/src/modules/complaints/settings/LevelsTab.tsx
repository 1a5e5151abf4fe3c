// 升级规则: the three escalation levels — who takes the complaint at each level and how long it stays there.
import { Alert, App, Col, Form, InputNumber, Modal, Row, Select, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TComplaintLevel, TComplaintLevelUpdate } from '@kehu/shared';
import { useShowError } from '../../admin/useShowError';
import { useWorkPeriods } from '../../service/sla/api';
import { useTargetText } from '../../service/sla/useSlaLabels';
import { settingsApi, settingsKeys, useComplaintLevels, useSettingsMutation, useSettingsOptions } from './api';
import { useSettingsLabels } from './useSettingsLabels';

export function LevelsTab({ writable }: { writable: boolean }) {
  const { t } = useTranslation();
  const labels = useSettingsLabels();
  const targetText = useTargetText();
  const minutesPerDay = useWorkPeriods().data?.minutesPerDay ?? 480;
  const { data, isFetching } = useComplaintLevels();
  const [editing, setEditing] = useState<TComplaintLevel | null>(null);

  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('complaints.settings.levels.hint')} />
      <Table<TComplaintLevel>
        rowKey="level"
        size="middle"
        loading={isFetching}
        dataSource={data ?? []}
        pagination={false}
        data-testid="complaint-levels"
        columns={[
          { title: t('complaints.settings.levels.level'), dataIndex: 'level', width: 90, render: (v: number) => <Tag color={v === 1 ? 'default' : v === 2 ? 'orange' : 'red'}>{t(`complaints.settings.levels.name.${v}`)}</Tag> },
          {
            title: t('complaints.settings.levels.owner'),
            key: 'owner',
            render: (_, l) =>
              l.level === 1 ? <Typography.Text type="secondary">{t('complaints.settings.levels.handler')}</Typography.Text> : (l.ownerName ?? t('complaints.settings.levels.noRole')),
          },
          { title: t('complaints.settings.levels.role'), dataIndex: 'roleCode', render: (v: string | null, l) => (l.level === 1 ? '' : labels.role(v)) },
          {
            title: t('complaints.settings.levels.window'),
            key: 'window',
            render: (_, l) => (
              <span>
                {targetText(l.windowMinutes, l.businessHours, minutesPerDay)}
                {!l.businessHours && (
                  <Tag color="orange" style={{ marginLeft: 6 }}>
                    {t('complaints.settings.calendarTime')}
                  </Tag>
                )}
              </span>
            ),
          },
          ...(writable ? [{ title: t('common.actions'), key: 'actions', width: 100, render: (_: unknown, l: TComplaintLevel) => <a onClick={() => setEditing(l)}>{t('common.edit')}</a> }] : []),
        ]}
      />
      {editing && <LevelModal level={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

type Values = Omit<TComplaintLevelUpdate, 'version'>;

function LevelModal({ level, onClose }: { level: TComplaintLevel; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const options = useSettingsOptions().data;
  const targetText = useTargetText();
  const minutesPerDay = useWorkPeriods().data?.minutesPerDay ?? 480;
  const save = useSettingsMutation((v: Values) => settingsApi.updateLevel(level.level, { ...v, ownerId: v.ownerId ?? null, roleCode: v.roleCode ?? null, version: level.version }), [settingsKeys.levels]);
  const first = level.level === 1;

  useEffect(() => {
    form.setFieldsValue({ ownerId: level.ownerId, roleCode: level.roleCode, windowMinutes: level.windowMinutes, businessHours: level.businessHours });
  }, [level, form]);

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

  // the current owner stays pickable even when the list no longer offers them (so the form shows a name, not an id)
  const users = options?.users ?? [];
  const userOptions = [
    ...(level.ownerId && !users.some((u) => u.id === level.ownerId) ? [{ value: level.ownerId, label: level.ownerName ?? String(level.ownerId) }] : []),
    ...users.map((u) => ({ value: u.id, label: u.displayName })),
  ];
  const roleOptions = (options?.roles ?? []).filter((r) => r.canReadComplaints).map((r) => ({ value: r.code, label: i18n.language === 'en-US' ? r.nameEn : r.nameZh }));

  return (
    <Modal
      open
      width={560}
      title={`${t('complaints.settings.levels.edit')} · ${t(`complaints.settings.levels.name.${level.level}`)}`}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        {first ? (
          <Alert type="info" style={{ marginBottom: 12 }} title={t('complaints.settings.levels.levelOneNote')} />
        ) : (
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="ownerId" label={t('complaints.settings.levels.owner')} tooltip={t('complaints.settings.levels.ownerHint')}>
                <Select allowClear showSearch optionFilterProp="label" options={userOptions} data-testid="level-owner" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="roleCode" label={t('complaints.settings.levels.role')}>
                <Select allowClear options={roleOptions} data-testid="level-role" />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item noStyle shouldUpdate={(a, b) => a.windowMinutes !== b.windowMinutes || a.businessHours !== b.businessHours}>
              {() => {
                const v = form.getFieldValue('windowMinutes') as number | undefined;
                const bh = (form.getFieldValue('businessHours') as boolean | undefined) ?? true;
                return (
                  <Form.Item
                    name="windowMinutes"
                    label={t('complaints.settings.levels.window')}
                    extra={v && v > 0 ? targetText(v, bh, minutesPerDay) : undefined}
                    rules={[{ required: true, message: t('common.required') }]}
                  >
                    <InputNumber min={1} max={525600} precision={0} addonAfter={t('complaints.settings.minutes')} style={{ width: '100%' }} />
                  </Form.Item>
                );
              }}
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="businessHours" label={t('complaints.settings.businessHours')} valuePropName="checked">
              <Switch checkedChildren={t('complaints.settings.businessHours')} unCheckedChildren={t('complaints.settings.calendarTime')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
