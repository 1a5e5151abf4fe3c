// The printable 售后服务协议书 (domain.md tool 29) in a Chinese contract layout: parties 甲方 / 乙方, 产品清单, 服务范围,
// 期限, SLA (the response-time rules of the agreement's level), 费用, obligations, exclusions, signatures.
import type { TPage, TSlaRule } from '@kehu/shared';
import { useQuery } from '@tanstack/react-query';
import { Alert, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { errorText, get, qs } from '../../../lib/api';
import { formatDate, formatFen } from '../../../lib/format';
import { useDictLabel } from '../../../lib/reference';
import { toChineseCapital } from '../orders/capital';
import { PrintSheet } from '../shared/PrintSheet';
import { useAgreement } from './api';
import './agreements.css';

const REGIONS = ['urban', 'suburban', 'remote'] as const;

/** For each region type, the most specific repair rule that applies to the level (normal priority). */
function repairRules(rules: TSlaRule[], level: string) {
  return REGIONS.map((region) => {
    const fits = rules.filter(
      (r) => (r.tier === level || r.tier === '*') && (r.regionType === region || r.regionType === '*') && (r.priority === 'normal' || r.priority === '*') && (r.serviceType === 'repair' || r.serviceType === '*'),
    );
    fits.sort((x, y) => y.specificity - x.specificity);
    return { region, rule: fits[0] };
  }).filter((x) => x.rule);
}

export function AgreementPrintPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const dict = useDictLabel();
  const { data: ag, error, isLoading } = useAgreement(id);
  const sla = useQuery({
    queryKey: ['service-sla', 'rules', 'repair-for-contract'],
    queryFn: () => get<TPage<TSlaRule>>('/api/v1/service/sla-rules' + qs({ pageSize: 200 })),
  });
  if (isLoading) return <Spin style={{ margin: 80 }} />;
  if (error || !ag) return <Alert type="error" style={{ margin: 24 }} title={errorText(error)} />;
  const c = (k: string, o?: Record<string, unknown>) => t(`service.agreements.contract.${k}`, o ?? {});
  const a = (k: string) => t(`service.agreements.${k}`);
  const level = dict('service_tier', ag.responseLevel);
  const rows = repairRules(sla.data?.items ?? [], ag.responseLevel);
  const hours = (m: number) => c('hours', { n: Math.round((m / 60) * 10) / 10 });
  const units = [...ag.units, ...Array<null>(Math.max(0, 3 - ag.units.length)).fill(null)];
  const services = ag.scope.map((s) => t(`service.agreements.scopes.${s}`)).join('、');
  return (
    <PrintSheet
      title={c('title')}
      meta={[
        { label: c('no'), value: ag.code },
        { label: c('signedOn'), value: ag.signedDate ? formatDate(ag.signedDate) : c('blank') },
      ]}
      className="contract-sheet"
      testId="agreement-contract"
    >
      <table className="form-table">
        <tbody>
          <tr>
            <th>{c('partyA')}</th>
            <td colSpan={3}>{ag.customer.name}</td>
          </tr>
          <tr>
            <th>{c('address')}</th>
            <td>{ag.customer.address ?? ''}</td>
            <th>{c('phone')}</th>
            <td>{ag.customer.phone ?? ''}</td>
          </tr>
          <tr>
            <th>{c('partyB')}</th>
            <td colSpan={3} />
          </tr>
          <tr>
            <th>{c('address')}</th>
            <td />
            <th>{c('phone')}</th>
            <td />
          </tr>
        </tbody>
      </table>
      <p className="contract-text">{c('preamble')}</p>

      <h2>{c('s1')}</h2>
      <table className="form-table">
        <thead>
          <tr>
            <th style={{ width: '8%' }}>#</th>
            <th>{a('unit.name')}</th>
            <th>{a('unit.model')}</th>
            <th>{a('unit.serial')}</th>
            <th style={{ width: '8%' }}>{a('unit.qty')}</th>
            <th style={{ width: '30%' }}>{a('unit.place')}</th>
          </tr>
        </thead>
        <tbody>
          {units.map((u, i) => (
            <tr key={u?.id ?? `empty-${i}`}>
              <td style={{ textAlign: 'center' }}>{u ? i + 1 : ''}</td>
              <td>{u?.productName ?? ''}</td>
              <td>{u?.productModel ?? ''}</td>
              <td>{u?.serialNo ?? ''}</td>
              <td style={{ textAlign: 'center' }}>{u ? 1 : ''}</td>
              <td>{u ? [u.region, u.address].filter(Boolean).join(' ') : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{c('s2')}</h2>
      <p className="contract-text">{c('s2text', { items: services })}</p>

      <h2>{c('s3')}</h2>
      <p className="contract-text">{c('s3text', { from: formatDate(ag.startDate), to: formatDate(ag.endDate) })}</p>

      <h2>{c('s4')}</h2>
      <p className="contract-text">{c('s4level', { level })}</p>
      {rows.length ? (
        <table className="form-table">
          <thead>
            <tr>
              <th>{c('slaType')}</th>
              <th>{c('slaRegion')}</th>
              <th>{c('slaArrival')}</th>
              <th>{c('slaFix')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ region, rule }) => (
              <tr key={region}>
                <td style={{ textAlign: 'center' }}>{t('service.orders.types.repair')}</td>
                <td style={{ textAlign: 'center' }}>{t(`service.sla.regions.${region}`)}</td>
                <td style={{ textAlign: 'center' }}>{hours(rule!.arrivalMinutes)}</td>
                <td style={{ textAlign: 'center' }}>{hours(rule!.fixMinutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="contract-text">{c('slaNone')}</p>
      )}
      <p className="contract-text">{c('s4visits', { n: ag.visitsPerYear })}</p>
      <p className="contract-text">{c('s4parts', { parts: ag.partsIncluded ? c('s4partsYes') : c('s4partsNo') })}</p>

      <h2>{c('s5')}</h2>
      <p className="contract-text">{c('s5text', { amount: formatFen(ag.feeFen), capital: toChineseCapital(ag.feeFen), terms: ag.paymentTerms ?? c('s5termsDefault') })}</p>

      <h2>{c('s6')}</h2>
      <p className="contract-text">{c('s6a')}</p>
      <p className="contract-text">{c('s6b')}</p>
      <h2>{c('s7')}</h2>
      <p className="contract-text">{c('s7text')}</p>
      <h2>{c('s8')}</h2>
      <p className="contract-text">{c('s8text')}</p>
      <h2>{c('s9')}</h2>
      <p className="contract-text">{c('s9text')}</p>
      {ag.note && <p className="contract-text">{ag.note}</p>}

      <table className="form-table contract-signatures">
        <tbody>
          <tr>
            <th>{c('partyA')}</th>
            <td>
              {c('sign')}：
              <br />
              <br />
              {c('representative')}：{c('blank')}
              <br />
              {c('date')}：{c('blank')}
            </td>
            <th>{c('partyB')}</th>
            <td>
              {c('sign')}：
              <br />
              <br />
              {c('representative')}：{c('blank')}
              <br />
              {c('date')}：{c('blank')}
            </td>
          </tr>
        </tbody>
      </table>
    </PrintSheet>
  );
}
