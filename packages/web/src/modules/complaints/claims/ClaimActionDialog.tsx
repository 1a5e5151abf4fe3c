// The claim's action buttons (those the server says the user may take now) and the one dialog each opens:
// evidence, liability, the approved amount (within the approver's band), rejection, settlement, recovery, closure.
import { useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIABILITIES, RECOVERY_STATES, SETTLEMENTS, type ClaimAction, type TClaim } from '@kehu/shared';
import { ApiError } from '../../../lib/api';
import { formatFen } from '../../../lib/format';
import { claimApi, claimKeys, toFen, useClaimMutation, type ClaimTransitionBody } from './api';
import { useClaimError } from './useClaimError';

interface Values {
  finding?: string;
  liability?: string;
  approvedYuan?: number | null;
  rejectReason?: string;
  settlement?: string;
  settledYuan?: number | null;
  settlementNote?: string;
  recoveryParty?: string;
  recoveryYuan?: number | null;
  recoveryState?: string;
  note?: string;
}

/** The fields each step shows. */
const FIELDS: Record<ClaimAction, (keyof Values)[]> = {
  collect: ['finding', 'note'],
  determine: ['liability', 'finding', 'note'],
  approve: ['approvedYuan', 'note'],
  reject: ['rejectReason', 'note'],
  settle: ['settlement', 'settledYuan', 'settlementNote', 'note'],
  recover: ['recoveryParty', 'recoveryYuan', 'recoveryState', 'note'],
  close: ['recoveryState', 'note'],
};

const yuan = (fen: number | null) => (fen === null ? undefined : fen / 100);

export function ClaimActionDialog(props: { claim: TClaim; action: ClaimAction | null; onClose: () => void }) {
  const { claim: c, action } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const showError = useClaimError();
  const run = useClaimMutation((body: ClaimTransitionBody) => claimApi.transition(c.id, c.version, body));
  if (!action) return null;
  const label = t(`complaints.claims.actions.${action}`);
  const f = (k: string, o?: Record<string, unknown>) => t(`complaints.claims.fields.${k}`, o);
  // closing asks for the recovery's outcome only while a recovery is open
  const present = FIELDS[action].filter((k) => k !== 'recoveryState' || action === 'recover' || c.state === 'recovery');
  const required = { required: true, message: t('common.required') };

  const submit = async (v: Values) => {
    const body: ClaimTransitionBody = { action, note: v.note?.trim() || undefined };
    if (present.includes('finding')) body.finding = v.finding?.trim() || undefined;
    if (action === 'determine') body.liability = v.liability as ClaimTransitionBody['liability'];
    if (action === 'approve') body.approvedFen = toFen(v.approvedYuan);
    if (action === 'reject') body.rejectReason = v.rejectReason?.trim();
    if (action === 'settle') Object.assign(body, { settlement: v.settlement, settledFen: toFen(v.settledYuan), settlementNote: v.settlementNote?.trim() || undefined });
    if (action === 'recover') Object.assign(body, { recoveryParty: v.recoveryParty?.trim(), recoveryFen: toFen(v.recoveryYuan) });
    if (present.includes('recoveryState') && v.recoveryState) body.recoveryState = v.recoveryState as ClaimTransitionBody['recoveryState'];
    try {
      await run.mutateAsync(body);
      message.success(t('complaints.claims.done', { action: label }));
      props.onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('complaints.claims.conflict'));
        await qc.invalidateQueries({ queryKey: claimKeys.all });
        props.onClose();
        return;
      }
      showError(e, form, present);
    }
  };

  const ceiling = c.approvalCeilingFen === null ? t('complaints.claims.ceilingNone') : t('complaints.claims.ceiling', { amount: formatFen(c.approvalCeilingFen) });
  return (
    <Modal
      open
      title={`${label} · ${c.code}`}
      okText={label}
      okButtonProps={{ loading: run.isPending, danger: action === 'reject', 'data-testid': 'claim-transition-ok' }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      maskClosable={false}
    >
      <Typography.Paragraph type="secondary">
        {t('complaints.claims.amount')}：{formatFen(c.amountFen)}
        {c.approvedFen !== null && `　${t('complaints.claims.approved')}：${formatFen(c.approvedFen)}`}
      </Typography.Paragraph>
      {(action === 'approve' || action === 'reject') && c.mayApprove && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={ceiling} description={t('complaints.claims.ceilingHint')} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{
          finding: c.finding ?? undefined,
          liability: c.liability ?? undefined,
          approvedYuan: yuan(c.approvedFen ?? c.amountFen),
          settledYuan: yuan(c.approvedFen),
          settlement: 'refund',
          recoveryParty: c.recoveryParty ?? undefined,
          recoveryYuan: yuan(c.recoveryFen ?? c.settledFen),
          recoveryState: action === 'close' ? undefined : (c.recoveryState ?? 'pending'),
        }}
      >
        {present.includes('liability') && (
          <Form.Item name="liability" label={f('liability')} rules={[required]}>
            <Select options={LIABILITIES.map((x) => ({ value: x, label: t(`complaints.claims.liability.${x}`) }))} data-testid="claim-dialog-liability" />
          </Form.Item>
        )}
        {present.includes('finding') && (
          <Form.Item name="finding" label={f('finding')} extra={f('findingHint')}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="claim-dialog-finding" />
          </Form.Item>
        )}
        {present.includes('approvedYuan') && (
          <Form.Item name="approvedYuan" label={f('approvedYuan')} extra={f('approvedHint', { amount: formatFen(c.amountFen) })} rules={[required]}>
            <InputNumber min={0.01} max={c.amountFen / 100} precision={2} prefix="¥" style={{ width: 220 }} data-testid="claim-dialog-approved" />
          </Form.Item>
        )}
        {present.includes('rejectReason') && (
          <Form.Item name="rejectReason" label={f('rejectReason')} rules={[{ ...required, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="claim-dialog-reject-reason" />
          </Form.Item>
        )}
        {present.includes('settlement') && (
          <Form.Item name="settlement" label={f('settlement')} rules={[required]}>
            <Select options={SETTLEMENTS.map((x) => ({ value: x, label: t(`complaints.claims.settlement.${x}`) }))} data-testid="claim-dialog-settlement" />
          </Form.Item>
        )}
        {present.includes('settledYuan') && (
          <Form.Item name="settledYuan" label={f('settledYuan')} extra={f('settledHint', { amount: formatFen(c.approvedFen) })}>
            <InputNumber min={0} max={(c.approvedFen ?? 0) / 100} precision={2} prefix="¥" style={{ width: 220 }} data-testid="claim-dialog-settled" />
          </Form.Item>
        )}
        {present.includes('settlementNote') && (
          <Form.Item name="settlementNote" label={f('settlementNote')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        )}
        {present.includes('recoveryParty') && (
          <Form.Item name="recoveryParty" label={f('recoveryParty')} rules={[{ ...required, whitespace: true }]}>
            <Input maxLength={100} data-testid="claim-dialog-recovery-party" />
          </Form.Item>
        )}
        {present.includes('recoveryYuan') && (
          <Form.Item name="recoveryYuan" label={f('recoveryYuan')} rules={[required]}>
            <InputNumber min={0.01} max={1_000_000_000} precision={2} prefix="¥" style={{ width: 220 }} data-testid="claim-dialog-recovery-amount" />
          </Form.Item>
        )}
        {present.includes('recoveryState') && (
          <Form.Item name="recoveryState" label={f('recoveryState')} rules={action === 'close' && c.recoveryState === 'pending' ? [required] : []}>
            <Select
              options={RECOVERY_STATES.filter((x) => action === 'recover' || x !== 'pending').map((x) => ({ value: x, label: t(`complaints.claims.recoveryState.${x}`) }))}
              data-testid="claim-dialog-recovery-state"
            />
          </Form.Item>
        )}
        <Form.Item name="note" label={f('note')}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="claim-dialog-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One button per action the server allows now; the step forward is the primary one, rejection is red. */
export function ClaimActionButtons({ claim }: { claim: TClaim }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<ClaimAction | null>(null);
  if (!claim.actions.length) return null;
  const primary = claim.actions.find((a) => a !== 'reject' && a !== 'close') ?? claim.actions.find((a) => a !== 'reject');
  return (
    <>
      <Space wrap>
        {claim.actions.map((a) => (
          <Button key={a} data-testid={`claim-action-${a}`} type={a === primary ? 'primary' : 'default'} danger={a === 'reject'} onClick={() => setAction(a)}>
            {t(`complaints.claims.actions.${a}`)}
          </Button>
        ))}
      </Space>
      <ClaimActionDialog key={action ?? 'none'} claim={claim} action={action} onClose={() => setAction(null)} />
    </>
  );
}
