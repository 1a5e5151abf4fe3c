// Printable 客户投诉记录表 (tool 35) in the paper-form layout: 受理, 投诉对象, 投诉内容, 处理, 结案, 改进, and the
// 主管审核 signature line; A4 via the print stylesheet.
import { Alert, Spin } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { DEMANDS } from '@kehu/shared';
import { errorText } from '../../../lib/api';
import { formatFen } from '../../../lib/format';
import { useDictLabel } from '../../../lib/reference';
import { PrintSheet } from '../../service/shared/PrintSheet';
import { useComplaint } from '../api';
import { receivedBy } from './ComplaintFacts';
import './print.css';
import { companyNow } from '../../../lib/clock';

export function ComplaintPrintPage() {
  const { t } = useTranslation();
  const dict = useDictLabel();
  const id = Number(useParams().id);
  const { data: c, error, isLoading } = useComplaint(id);
  if (isLoading) return <Spin style={{ margin: 80 }} />;
  if (error || !c) return <Alert type="error" style={{ margin: 24 }} title={errorText(error)} />;
  const m = (k: string) => t(`complaints.main.${k}`);
  const p = (k: string) => t(`complaints.main.printForm.${k}`);
  const dt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '');
  const d = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD') : '');
  const box = (on: boolean) => (on ? '☑' : '☐');
  const yesNo = (v: boolean | null) => `${box(v === true)}${t('common.yes')}　${box(v === false)}${t('common.no')}`;
  const approver = [...c.events].reverse().find((e) => e.action === 'close')?.actorName ?? '';
  const corrective = c.correctiveActions.filter((a) => a.kind === 'corrective');
  const preventive = c.correctiveActions.filter((a) => a.kind === 'preventive');
  const actionLines = (list: typeof corrective) => list.map((a) => `${a.description}${a.ownerName ? `（${a.ownerName}${a.dueDate ? ' ' + d(a.dueDate) : ''}）` : ''}`).join('\n');

  return (
    <PrintSheet
      title={p('title')}
      meta={[
        { label: m('code'), value: c.code },
        { label: p('printedAt'), value: companyNow().format('YYYY-MM-DD HH:mm') },
      ]}
      className="complaint-sheet"
      testId="complaint-report"
    >
      <h2>{m('group.intake')}</h2>
      <table className="form-table">
        <tbody>
          <tr>
            <th>{m('code')}</th>
            <td>{c.code}</td>
            <th>{m('receivedAt')}</th>
            <td>{dt(c.times.received)}</td>
            <th>{m('receivedBy')}</th>
            <td>{receivedBy(c) ?? ''}</td>
          </tr>
          <tr>
            <th>{m('channelLabel')}</th>
            <td colSpan={5}>{t(`complaints.main.channel.${c.channel}`)}</td>
          </tr>
          <tr>
            <th>{p('customerName')}</th>
            <td colSpan={3}>{c.customer ? `${c.customer.name}（${c.customer.code}）` : ''}</td>
            <th>{p('tierVip')}</th>
            <td>{c.tier ? dict('service_tier', c.tier) : ''}</td>
          </tr>
          <tr>
            <th>{p('contact')}</th>
            <td>{c.complainantName}</td>
            <th>{m('phone')}</th>
            <td>{c.complainantPhone ?? ''}</td>
            <th>{m('email')}</th>
            <td>{c.complainantEmail ?? ''}</td>
          </tr>
        </tbody>
      </table>

      <h2>{m('group.object')}</h2>
      <table className="form-table">
        <tbody>
          <tr>
            <th>{m('product')}</th>
            <td>{c.unit?.productName ?? c.product?.name ?? ''}</td>
            <th>{p('model')}</th>
            <td>{c.unit?.model ?? c.product?.model ?? ''}</td>
            <th>{p('serialNo')}</th>
            <td>{c.unit?.serialNo ?? ''}</td>
          </tr>
          <tr>
            <th>{m('orderNo')}</th>
            <td>{c.orderNo ?? ''}</td>
            <th>{m('serviceOrder')}</th>
            <td>{c.serviceOrder?.code ?? ''}</td>
            <th>{m('outlet')}</th>
            <td>{c.outlet?.name ?? ''}</td>
          </tr>
        </tbody>
      </table>

      <h2>{m('group.content')}</h2>
      <table className="form-table">
        <tbody>
          <tr>
            <th>{m('category')}</th>
            <td>{dict('complaint_category', c.category)}</td>
            <th>{p('urgency')}</th>
            <td>{t(`complaints.main.severity.${c.severity}`)}</td>
            <th>{p('temperament')}</th>
            <td>{c.temperament ? t(`complaints.main.temperament.${c.temperament}`) : ''}</td>
          </tr>
          <tr>
            <th>{p('content')}</th>
            <td colSpan={5} className="tall">
              {c.content}
            </td>
          </tr>
          <tr>
            <th>{m('demands')}</th>
            <td colSpan={5}>
              {DEMANDS.map((k) => `${box(c.demands.includes(k))}${t(`complaints.main.demand.${k}`)}`).join('　')}
              {c.demandNote ? `：${c.demandNote}` : ''}
            </td>
          </tr>
        </tbody>
      </table>

      <h2>{m('group.handling')}</h2>
      <table className="form-table">
        <tbody>
          <tr>
            <th>{m('investigation')}</th>
            <td colSpan={5} className="mid">
              {c.investigation ?? ''}
            </td>
          </tr>
          <tr>
            <th>{m('causeAnalysis')}</th>
            <td colSpan={5} className="mid">
              {[c.rootCause ? dict('complaint_cause', c.rootCause) : null, c.causeAnalysis].filter(Boolean).join('：')}
            </td>
          </tr>
          <tr>
            <th>{p('valid')}</th>
            <td colSpan={2}>
              {box(c.validity === 'valid')}
              {t('complaints.main.validityValue.valid')}　{box(c.validity === 'invalid')}
              {t('complaints.main.validityValue.invalid')}
              {c.invalidReason ? `：${c.invalidReason}` : ''}
            </td>
            <th>{p('responsible')}</th>
            <td colSpan={2}>{[c.department?.name, c.owner?.name].filter(Boolean).join(' / ')}</td>
          </tr>
          <tr>
            <th>{m('solution')}</th>
            <td colSpan={5} className="mid">
              {c.solutionKind ? `【${t(`complaints.main.solutionKind.${c.solutionKind}`)}】` : ''}
              {c.solution ?? ''}
            </td>
          </tr>
          <tr>
            <th>{m('resolution')}</th>
            <td colSpan={3} className="mid">
              {c.resolution ?? ''}
            </td>
            <th>{p('cost')}</th>
            <td>{c.compensationFen ? formatFen(c.compensationFen) : ''}</td>
          </tr>
        </tbody>
      </table>

      <h2>{m('group.closure')}</h2>
      <table className="form-table">
        <tbody>
          <tr>
            <th>{m('confirmationLabel')}</th>
            <td colSpan={3}>
              {(['satisfied', 'basic', 'dissatisfied'] as const).map((k) => `${box(c.confirmation === k)}${t(`complaints.main.confirmation.${k}`)}`).join('　')}
            </td>
            <th>{m('closedDate')}</th>
            <td>{d(c.times.closed)}</td>
          </tr>
          <tr>
            <th>{p('visitDate')}</th>
            <td>{d(c.times.visited)}</td>
            <th>{m('visitResult')}</th>
            <td colSpan={3}>
              {c.visitResult ?? ''}
              {c.visitRating ? `（${'★'.repeat(c.visitRating)}）` : ''}
            </td>
          </tr>
          <tr>
            <th>{m('onTime')}</th>
            <td colSpan={2}>{yesNo(c.onTime)}</td>
            <th>{m('wonBack')}</th>
            <td colSpan={2}>{yesNo(c.wonBack)}</td>
          </tr>
        </tbody>
      </table>

      <h2>{m('group.improvement')}</h2>
      <table className="form-table">
        <tbody>
          <tr>
            <th>{t('complaints.main.corrective.kind.corrective')}</th>
            <td className="mid">{actionLines(corrective)}</td>
          </tr>
          <tr>
            <th>{t('complaints.main.corrective.kind.preventive')}</th>
            <td className="mid">{actionLines(preventive)}</td>
          </tr>
          <tr>
            <th>{t('complaints.main.corrective.verification')}</th>
            <td className="mid">{c.correctiveActions.map((a) => a.verification).filter(Boolean).join('\n')}</td>
          </tr>
        </tbody>
      </table>

      <table className="form-table sign-table">
        <tbody>
          <tr>
            <th>{p('handlerSign')}</th>
            <td>{c.owner?.name ?? ''}</td>
            <th>{p('supervisorSign')}</th>
            <td data-testid="complaint-report-supervisor">{approver}</td>
            <th>{p('date')}</th>
            <td>{d(c.times.closed)}</td>
          </tr>
        </tbody>
      </table>
    </PrintSheet>
  );
}
