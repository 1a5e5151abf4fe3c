// Printable 索赔记录表 (tool 41) in the Chinese paper-form layout, via print CSS; amounts with their 大写.
import { Alert, Spin } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LIABILITIES, SETTLEMENTS } from '@kehu/shared';
import { errorText } from '../../../lib/api';
import { formatFen } from '../../../lib/format';
import { toChineseCapital } from '../../service/orders/capital';
import { FormBoxes, PrintSheet } from '../../service/shared/PrintSheet';
import { useClaim } from './api';
import { companyNow } from '../../../lib/clock';

export function ClaimPrintPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const { data: c, error, isLoading } = useClaim(id);
  if (isLoading) return <Spin style={{ margin: 80 }} />;
  if (error || !c) return <Alert type="error" style={{ margin: 24 }} title={errorText(error)} />;
  const f = (k: string, o?: Record<string, unknown>) => t(`complaints.claims.form.${k}`, o);
  const l = (k: string) => t(`complaints.claims.${k}`);
  const d = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD') : '');
  const money = (fen: number | null) => (fen === null ? '' : formatFen(fen));
  const decision = [...c.events].reverse().find((e) => e.action === 'approve' || e.action === 'reject');
  // 执行日期: when the settlement (or, for a rejection, the closure) was carried out
  const executed = c.settledAt ?? (c.state === 'closed' ? c.closedAt : null);
  return (
    <PrintSheet
      title={f('title')}
      meta={[
        { label: f('no'), value: c.code },
        { label: f('date'), value: d(c.createdAt) },
        { label: f('printedAt'), value: companyNow().format('YYYY-MM-DD HH:mm') },
      ]}
      testId="claim-form"
    >
      <table className="form-table">
        <tbody>
          <tr>
            <th>{l('customer')}</th>
            <td colSpan={3}>
              {c.customer.name}（{c.customer.code}）
            </td>
            <th>{l('orderNo')}</th>
            <td>{c.orderNo ?? ''}</td>
          </tr>
          <tr>
            <th>{l('product')}</th>
            <td colSpan={3}>
              {c.product ? `${c.product.name} / ${c.product.model}` : ''}
              {c.unit ? `　${l('unit')}：${c.unit.serialNo}` : ''}
            </td>
            <th>{l('batchNo')}</th>
            <td>{c.batchNo ?? ''}</td>
          </tr>
          <tr>
            <th>{l('quantity')}</th>
            <td>{c.quantity ?? ''}</td>
            <th>{l('complaint')}</th>
            <td colSpan={3}>{c.complaint?.code ?? ''}</td>
          </tr>
          <tr>
            <th>{l('reason')}</th>
            <td colSpan={5} style={{ height: 64, whiteSpace: 'pre-wrap' }}>
              {c.reason}
              {c.basis ? `\n${l('basis')}：${c.basis}` : ''}
            </td>
          </tr>
          <tr>
            <th>{l('amount')}</th>
            <td>{formatFen(c.amountFen)}</td>
            <th>{f('capital')}</th>
            <td colSpan={3} data-testid="claim-form-capital">
              {toChineseCapital(c.amountFen)}
            </td>
          </tr>
          <tr>
            <th>{f('evidence')}</th>
            <td colSpan={5}>{c.files.length ? `${f('evidenceCount', { n: c.files.length })}：${c.files.map((x) => x.name).join('、')}` : ''}</td>
          </tr>
          <tr>
            <th>{l('finding')}</th>
            <td colSpan={5} style={{ height: 56, whiteSpace: 'pre-wrap' }}>
              {c.finding ?? ''}
            </td>
          </tr>
          <tr>
            <th>{l('liabilityLabel')}</th>
            <td colSpan={5}>
              <FormBoxes values={LIABILITIES} chosen={c.liability} label={(v) => t(`complaints.claims.liability.${v}`)} />
            </td>
          </tr>
          <tr>
            <th>{l('settlementLabel')}</th>
            <td colSpan={5}>
              <FormBoxes values={SETTLEMENTS} chosen={c.settlement} label={(v) => t(`complaints.claims.settlement.${v}`)} />
              {c.state === 'rejected' || c.rejectReason ? `　☑ ${t('complaints.claims.state.rejected')}：${c.rejectReason ?? ''}` : ''}
              {c.settledFen !== null ? `　${l('settled')}：${money(c.settledFen)}` : ''}
              {c.settlementNote ? `　${c.settlementNote}` : ''}
            </td>
          </tr>
          <tr>
            <th>{l('approved')}</th>
            <td>{money(c.approvedFen)}</td>
            <th>{f('capital')}</th>
            <td colSpan={3} data-testid="claim-form-approved-capital">
              {c.approvedFen === null ? '' : toChineseCapital(c.approvedFen)}
            </td>
          </tr>
          <tr>
            <th>{f('approval')}</th>
            <td colSpan={3} style={{ height: 48 }}>
              {decision ? `${decision.actorName ?? ''}　${t(`complaints.claims.actions.${decision.action}`)}　${d(decision.at)}` : ''}
            </td>
            <th>{f('execDate')}</th>
            <td>{d(executed)}</td>
          </tr>
          <tr>
            <th>{l('recovery')}</th>
            <td colSpan={5}>
              {c.recoveryParty
                ? `${l('recoveryParty')}：${c.recoveryParty}　${l('recoveryFen')}：${money(c.recoveryFen)}　${l('recoveryStateLabel')}：${c.recoveryState ? t(`complaints.claims.recoveryState.${c.recoveryState}`) : ''}`
                : ''}
            </td>
          </tr>
          <tr>
            <th>{f('remarks')}</th>
            <td colSpan={5} style={{ height: 40, whiteSpace: 'pre-wrap' }}>
              {c.note ?? ''}
            </td>
          </tr>
        </tbody>
      </table>
      <table className="form-table">
        <tbody>
          <tr>
            <th>{f('handler')}</th>
            <td>{c.ownerName ?? ''}</td>
            <th>{l('team')}</th>
            <td>{c.teamName ?? ''}</td>
            <th>{f('sign')}</th>
            <td />
          </tr>
        </tbody>
      </table>
    </PrintSheet>
  );
}
