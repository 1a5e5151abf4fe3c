// Printable 退换货申请单 in the Chinese paper-form layout (tool 25's form fields), via print CSS.
import { Alert, Spin } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { RESPONSIBLE_PARTIES, RETURN_DECISIONS, RETURN_REASONS, RETURN_TYPES } from '@kehu/shared';
import { errorText } from '../../../lib/api';
import { formatFen } from '../../../lib/format';
import { toChineseCapital } from '../orders/capital';
import { FormBoxes, PrintSheet } from '../shared/PrintSheet';
import { useReturn } from './api';
import { companyNow } from '../../../lib/clock';

export function ReturnPrintPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const { data: r, error, isLoading } = useReturn(id);
  if (isLoading) return <Spin style={{ margin: 80 }} />;
  if (error || !r) return <Alert type="error" style={{ margin: 24 }} title={errorText(error)} />;
  const f = (k: string) => t(`service.returns.form.${k}`);
  const l = (k: string) => t(`service.returns.${k}`);
  const d = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD') : '');
  const approval = [...r.events].reverse().find((e) => e.action === 'approve' || e.action === 'reject');
  const g = r.goodsCondition;
  const tick = (v: boolean | null | undefined) => (v ? '☑' : '☐');
  return (
    <PrintSheet
      title={f('title')}
      meta={[
        { label: f('no'), value: r.code },
        { label: l('requestDate'), value: d(r.requestDate) },
        { label: f('printedAt'), value: companyNow().format('YYYY-MM-DD HH:mm') },
      ]}
      testId="return-form"
    >
      <table className="form-table">
        <tbody>
          <tr>
            <th>{f('contactInfo')}</th>
            <td colSpan={3}>
              {r.customer.name}（{r.customer.code}）　{[r.contactName, r.contactPhone ?? r.customer.phone].filter(Boolean).join(' / ')}
            </td>
            <th>{l('orderNo')}</th>
            <td>{r.orderNo ?? ''}</td>
          </tr>
          <tr>
            <th>{f('productModel')}</th>
            <td colSpan={3}>
              {r.product.name} / {r.product.model}
            </td>
            <th>{l('purchaseDate')}</th>
            <td>{d(r.purchaseDate)}</td>
          </tr>
          <tr>
            <th>{l('serialNo')}</th>
            <td colSpan={3}>{r.unit?.serialNo ?? ''}</td>
            <th>{l('qty')}</th>
            <td>{r.qty}</td>
          </tr>
          <tr>
            <th>{l('type')}</th>
            <td colSpan={5}>
              <FormBoxes values={RETURN_TYPES} chosen={r.type} label={(v) => t(`service.returns.types.${v}`)} />
            </td>
          </tr>
          <tr>
            <th>{l('reason')}</th>
            <td colSpan={5}>
              <FormBoxes values={RETURN_REASONS} chosen={r.reason} label={(v) => t(`service.returns.reasons.${v}`)} />
            </td>
          </tr>
          <tr>
            <th>{l('description')}</th>
            <td colSpan={5} style={{ height: 64, whiteSpace: 'pre-wrap' }}>
              {r.description}
              {r.photoCount > 0 && <div style={{ marginTop: 4 }}>（{t('service.returns.tabs.photos')} × {r.photoCount}）</div>}
            </td>
          </tr>
          <tr>
            <th>{t('service.returns.eligibility.title')}</th>
            <td colSpan={5}>
              {r.eligible ? t('service.returns.eligibility.eligible') : `${t('service.returns.eligibility.notEligible')}${r.eligibility.lastDay ? t('service.returns.rejection.lastDayParen', { d: d(r.eligibility.lastDay) }) : ''}`}
              {r.override && `；${t('service.returns.override', { reason: r.override.reason, by: r.override.byName ?? '', at: d(r.override.at) })}`}
              {r.rejection?.note && `；${r.rejection.note}`}
            </td>
          </tr>
          <tr>
            <th>{f('goods')}</th>
            <td colSpan={5}>
              {tick(g?.packagingIntact)} {t('service.returns.fields.packagingIntact')}　{tick(g?.accessoriesComplete)} {t('service.returns.fields.accessoriesComplete')}　{tick(g?.invoicePresent)}{' '}
              {t('service.returns.fields.invoicePresent')}
              {g?.note ? `　${g.note}` : ''}
            </td>
          </tr>
          <tr>
            <th>{t('service.returns.fields.inspectionResult')}</th>
            <td colSpan={5} style={{ height: 48 }}>
              {r.inspectionResult ?? ''}
            </td>
          </tr>
          <tr>
            <th>{t('service.returns.fields.responsibleParty')}</th>
            <td colSpan={5}>
              <FormBoxes values={RESPONSIBLE_PARTIES} chosen={r.responsibleParty} label={(v) => t(`service.returns.parties.${v}`)} />
            </td>
          </tr>
          <tr>
            <th>{f('handling')}</th>
            <td colSpan={5}>
              <FormBoxes values={RETURN_DECISIONS} chosen={r.decision} label={(v) => t(`service.returns.decisions.${v}`)} />
              {r.replacementUnit && `　${t('service.returns.replacementUnit')}：${r.replacementUnit.model} ${r.replacementUnit.serialNo}`}
              {r.serviceOrder && `　${t('service.returns.serviceOrder')}：${r.serviceOrder.code}`}
            </td>
          </tr>
          <tr>
            <th>{f('refundAmount')}</th>
            <td>{r.refundFen === null ? '' : formatFen(r.refundFen)}</td>
            <th>{f('capital')}</th>
            <td colSpan={3} data-testid="return-form-capital">
              {r.refundFen === null ? '' : toChineseCapital(r.refundFen)}
            </td>
          </tr>
          <tr>
            <th>{t('service.returns.fields.freightPayer')}</th>
            <td colSpan={5}>
              <FormBoxes values={RESPONSIBLE_PARTIES} chosen={r.freightPayer} label={(v) => t(`service.returns.parties.${v}`)} />
            </td>
          </tr>
        </tbody>
      </table>
      <table className="form-table">
        <tbody>
          <tr>
            <th>{f('approval')}</th>
            <td style={{ height: 60 }}>
              {approval ? `${approval.actorName ?? ''}　${t(`service.returns.actions.${approval.action}`)}` : ''}
              <div>
                {f('signDate')}：{approval ? d(approval.at) : ''}
              </div>
            </td>
            <th>{f('customerSign')}</th>
            <td style={{ height: 60 }}>
              {r.signedBy ?? ''}
              <div>
                {f('signDate')}：{d(r.completedDate)}
              </div>
            </td>
          </tr>
          <tr>
            <th>{l('completedDate')}</th>
            <td>{d(r.completedDate)}</td>
            <th>{l('createdBy')}</th>
            <td>{r.createdByName ?? ''}</td>
          </tr>
        </tbody>
      </table>
    </PrintSheet>
  );
}
