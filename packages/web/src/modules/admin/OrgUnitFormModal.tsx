// Create a unit under a parent, or rename / re-kind / move one (never under itself or its own sub-units).
import { App, Form, Input, InputNumber, Modal, Radio, TreeSelect } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ORG_UNIT_KINDS, type TOrgUnitNode } from '@kehu/shared';
import { adminApi, adminKeys, flattenUnits, subtreeIds, unitTreeOptions, useAdminMutation } from './api';
import { useShowError } from './useShowError';

type Unit = Omit<TOrgUnitNode, 'children'>;
export type OrgUnitFormTarget = { mode: 'create'; parent: Unit } | { mode: 'edit'; unit: Unit };

interface Values {
  name: string;
  kind: 'department' | 'team';
  parentId?: number;
  sort?: number;
}

export function OrgUnitFormModal({ target, tree, onClose }: { target: OrgUnitFormTarget; tree: TOrgUnitNode[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const editing = target.mode === 'edit' ? target.unit : null;
  const save = useAdminMutation(
    (v: Values) =>
      editing
        ? adminApi.updateOrgUnit(editing.id, { name: v.name, kind: v.kind, sort: v.sort ?? 0, ...(v.parentId !== undefined && v.parentId !== editing.parentId && { parentId: v.parentId }), version: editing.version })
        : adminApi.createOrgUnit({ name: v.name, kind: v.kind, parentId: v.parentId, sort: v.sort ?? 0 }),
    [adminKeys.orgUnits, adminKeys.users],
  );

  // a unit cannot move under itself or below itself; archived units take no children
  const parentOptions = useMemo(() => {
    if (!editing) return unitTreeOptions(tree);
    const self = flattenUnits(tree).find((n) => n.id === editing.id);
    return unitTreeOptions(tree, new Set(self ? subtreeIds(self) : [editing.id]));
  }, [tree, editing]);

  useEffect(() => {
    form.resetFields();
    if (target.mode === 'edit') form.setFieldsValue({ name: target.unit.name, kind: target.unit.kind, parentId: target.unit.parentId ?? undefined, sort: target.unit.sort });
    else form.setFieldsValue({ parentId: target.parent.id, kind: 'team', sort: 0 });
  }, [target, form]);

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

  const isRoot = editing?.parentId === null;
  return (
    <Modal open title={editing ? t('admin.org.edit') : t('admin.org.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('admin.org.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('admin.org.kind')}>
          <Radio.Group options={ORG_UNIT_KINDS.map((k) => ({ value: k, label: t(`admin.org.kinds.${k}`) }))} />
        </Form.Item>
        {!isRoot && (
          <Form.Item name="parentId" label={t('admin.org.parent')} rules={[{ required: true, message: t('common.required') }]}>
            <TreeSelect treeDefaultExpandAll treeData={parentOptions} />
          </Form.Item>
        )}
        <Form.Item name="sort" label={t('admin.org.sort')}>
          <InputNumber min={0} max={10000} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
