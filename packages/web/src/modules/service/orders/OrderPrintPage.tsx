// Printable 服务报告单 in the Chinese paper-form layout (tool 28's work-order fields), via print CSS.
import { Alert, Spin } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { errorText } from '../../../lib/api';
import { formatFen } from '../../../lib/format';
import { signatureUrl, useOrder } from './api';
import { PrintSheet } from '../shared/PrintSheet';
import { toChineseCapital } from './capital';
import { companyNow } from '../../../lib/clock';

export function OrderPrintPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const { data: o, error, isLoading } = useOrder(id);
  if (isLoading) return <Spin style={{ margin: 80 }} />;
  if (error || !o) return <Alert type="error" style={{ margin: 24 }} title={errorText(error)} />;
  const r = (k: string) => t(`service.orders.report.${k}`);
  const dt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '');
  const d = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD') : '');
  const items = [...o.items, ...Array<null>(Math.max(0, 3 - o.items.length)).fill(null)];
  const visit = o.visit?.state === 'done' ? o.visit : null;
  const stars = (n: number | null | undefined) => (n ? '★'.repeat(n) + '☆'.repeat(5 - n) : '');
  return (
    <PrintSheet
      title={r('title')}
      meta={[
        { label: r('orderNo'), value: o.code },
        { label: r('printedAt'), value: companyNow().format('YYYY-MM-DD HH:mm') },
      ]}
      testId="order-report"
    >
      <table className="form-table">
        <tbody>
          <tr>
            <th>{r('orderNo')}</th>
            <td>{o.code}</td>
            <th>{t('service.orders.channel')}</th>
            <td>{t(`service.orders.channels.${o.channel}`)}</td>
            <th>{r('typeMode')}</th>
            <td>
              {t(`service.orders.types.${o.type}`)} / {t(`service.orders.modes.${o.mode}`)}
            </td>
          </tr>
          <tr>
            <th>{r('customer')}</th>
            <td colSpan={3}>{o.customer ? `${o.customer.name}（${o.customer.code}）` : ''}</td>
            <th>{r('contact')}</th>
            <td>{[o.contactName, o.contactPhone ?? o.customer?.phone].filter(Boolean).join(' / ')}</td>
          </tr>
          <tr>
            <th>{r('address')}</th>
            <td colSpan={5}>{`${o.region}${o.address ?? ''}`}</td>
          </tr>
          <tr>
            <th>{r('product')}</th>
            <td colSpan={3}>{o.unit ? `${o.unit.productName} / ${o.unit.model} / ${o.unit.serialNo}` : ''}</td>
            <th>{r('purchase')}</th>
            <td>
              {d(o.unit?.purchaseDate)} {t(`service.orders.warranty.${o.warranty}`)}
            </td>
          </tr>
          <tr>
            <th>{r('fault')}</th>
            <td colSpan={5} style={{ height: 48 }}>
              {o.description}
            </td>
          </tr>
          <tr>
            <th>{r('faultCode')}</th>
            <td colSpan={5}>{[o.faultCode, o.diagnosis].filter(Boolean).join('；')}</td>
          </tr>
          <tr>
            <th>{r('result')}</th>
            <td colSpan={5} style={{ height: 48 }}>
              {o.resolution ?? ''}
            </td>
          </tr>
        </tbody>
      </table>
      <h2>{r('parts')}</h2>
      <table className="form-table">
        <thead>
          <tr>
            <th style={{ width: '46%' }}>{r('partName')}</th>
            <th>{r('qty')}</th>
            <th>{r('unitPrice')}</th>
            <th>{r('amount')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((it, i) => (
            <tr key={it?.id ?? `empty-${i}`}>
              <td>{it?.description ?? ''}</td>
              <td style={{ textAlign: 'right' }}>{it?.qty ?? ''}</td>
              <td style={{ textAlign: 'right' }}>{it ? formatFen(it.unitPriceFen) : ''}</td>
              <td style={{ textAlign: 'right' }}>{it ? (it.free ? t('service.orders.items.free') : formatFen(it.amountFen)) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{r('fees')}</h2>
      <table className="form-table">
        <tbody>
          <tr>
            <th>{t('service.orders.fees.labour')}</th>
            <td>{formatFen(o.fees.labourFen)}</td>
            <th>{t('service.orders.fees.callout')}</th>
            <td>{formatFen(o.fees.calloutFen)}</td>
            <th>{t('service.orders.fees.parts')}</th>
            <td>{formatFen(o.fees.partsFen)}</td>
          </tr>
          <tr>
            <th>{t('service.orders.fees.total')}</th>
            <td>
              <strong>{formatFen(o.fees.totalFen)}</strong>
            </td>
            <th>{r('capital')}</th>
            <td colSpan={3} data-testid="order-report-capital">
              {toChineseCapital(o.fees.totalFen)}
            </td>
          </tr>
        </tbody>
      </table>
      <table className="form-table">
        <tbody>
          <tr>
            <th>{r('received')}</th>
            <td>{dt(o.times.received)}</td>
            <th>{r('dispatched')}</th>
            <td>{dt(o.times.dispatched)}</td>
          </tr>
          <tr>
            <th>{r('arrived')}</th>
            <td>{dt(o.times.arrived)}</td>
            <th>{r('completed')}</th>
            <td>{dt(o.times.completed)}</td>
          </tr>
          <tr>
            <th>{r('technician')}</th>
            <td>{o.technician?.name ?? ''}</td>
            <th>{r('outlet')}</th>
            <td>{o.outlet ? `${o.outlet.name}${o.outlet.phone ? ' ' + o.outlet.phone : ''}` : ''}</td>
          </tr>
          <tr>
            <th>{r('signature')}</th>
            <td style={{ height: 90 }}>
              {o.signatureFileId && <img src={signatureUrl(o.id, o.signatureFileId)} alt="" style={{ maxHeight: 70, maxWidth: '100%', display: 'block' }} />}
              {o.signedBy ?? ''}
            </td>
            <th>{r('evaluation')}</th>
            <td>
              {visit ? (
                <>
                  {t('service.orders.visit.rating')}：{stars(visit.rating)}
                  <br />
                  {visit.comment ?? ''}
                </>
              ) : (
                r('evalBoxes')
              )}
            </td>
          </tr>
        </tbody>
      </table>
    </PrintSheet>
  );
}
