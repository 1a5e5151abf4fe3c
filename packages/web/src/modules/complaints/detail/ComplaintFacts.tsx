// The complaint record (tool 35) in its groups: 受理 Intake, 投诉对象 Object, 投诉内容 Content, 处理 Handling,
// 结案 Closure. (Improvement — corrective and preventive actions — is its own table.)
import { Descriptions, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, formatFen } from '../../../lib/format';
import { useDictLabel } from '../../../lib/reference';
import type { ComplaintDetail } from '../api';
import { SeverityTag, VipTag } from '../ComplaintTags';

export type FactGroup = 'intake' | 'object' | 'content' | 'handling' | 'closure';

const text = (v: string | null | undefined): ReactNode => (v ? <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> : '—');

/** Who took the complaint in: the actor of its first event. */
export function receivedBy(c: ComplaintDetail): string | null {
  return c.events.find((e) => e.action === 'create')?.actorName ?? null;
}

export function ComplaintFacts({ complaint: c, group }: { complaint: ComplaintDetail; group: FactGroup }) {
  const { t } = useTranslation();
  const dict = useDictLabel();
  const m = (k: string) => t(`complaints.main.${k}`);
  const yesNo = (v: boolean | null) => (v === null ? '—' : v ? t('common.yes') : t('common.no'));
  const props = { bordered: true, size: 'small' as const, column: { xs: 1, md: 2 } };

  switch (group) {
    case 'intake':
      return (
        <Descriptions {...props} data-testid="complaint-intake">
          <Descriptions.Item label={m('code')}>{c.code}</Descriptions.Item>
          <Descriptions.Item label={m('receivedAt')}>{formatDateTime(c.times.received)}</Descriptions.Item>
          <Descriptions.Item label={m('receivedBy')}>{receivedBy(c) ?? t('complaints.main.system')}</Descriptions.Item>
          <Descriptions.Item label={m('channelLabel')}>{t(`complaints.main.channel.${c.channel}`)}</Descriptions.Item>
          <Descriptions.Item label={m('customer')}>
            {c.customer ? (
              <Link to={`/customers/${c.customer.id}`}>
                {c.customer.name}（{c.customer.code}）
              </Link>
            ) : (
              <Typography.Text type="warning">{m('noCustomer')}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={m('tier')}>
            {c.vip ? <VipTag /> : c.tier ? dict('service_tier', c.tier) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={m('complainant')}>{c.complainantName}</Descriptions.Item>
          <Descriptions.Item label={m('phone')}>
            <span data-testid="complaint-phone-value">{c.complainantPhone ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={m('email')}>{c.complainantEmail ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={m('sourceLabel')}>{c.source ? t(`complaints.main.source.${c.source.type}`) : m('source.agent')}</Descriptions.Item>
        </Descriptions>
      );
    case 'object':
      return (
        <Descriptions {...props} data-testid="complaint-object">
          <Descriptions.Item label={m('product')}>{c.unit ? `${c.unit.productName} ${c.unit.model}` : c.product ? `${c.product.name} ${c.product.model}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={m('serialNo')}>{c.unit ? <Link to={`/service/units/${c.unit.id}`}>{c.unit.serialNo}</Link> : '—'}</Descriptions.Item>
          <Descriptions.Item label={m('orderNo')}>{c.orderNo ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={m('serviceOrder')}>{c.serviceOrder ? <Link to={`/service/orders/${c.serviceOrder.id}`}>{c.serviceOrder.code}</Link> : '—'}</Descriptions.Item>
          <Descriptions.Item label={m('outlet')} span={2}>
            {c.outlet ? <Link to={`/service/outlets/${c.outlet.id}`}>{c.outlet.name}</Link> : '—'}
          </Descriptions.Item>
        </Descriptions>
      );
    case 'content':
      return (
        <Descriptions {...props} data-testid="complaint-content-facts">
          <Descriptions.Item label={m('category')}>{dict('complaint_category', c.category)}</Descriptions.Item>
          <Descriptions.Item label={m('severityLabel')}>
            <SeverityTag severity={c.severity} />
          </Descriptions.Item>
          <Descriptions.Item label={m('summary')} span={2}>
            {c.summary}
          </Descriptions.Item>
          <Descriptions.Item label={m('content')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="complaint-content-text">
              {c.content}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={m('demands')} span={2}>
            {c.demands.length ? c.demands.map((d) => <Tag key={d}>{t(`complaints.main.demand.${d}`, { defaultValue: d })}</Tag>) : '—'}
            {c.demandNote && <div style={{ marginTop: 4, whiteSpace: 'pre-wrap' }}>{c.demandNote}</div>}
          </Descriptions.Item>
          <Descriptions.Item label={m('temperamentLabel')}>{c.temperament ? t(`complaints.main.temperament.${c.temperament}`) : '—'}</Descriptions.Item>
          <Descriptions.Item label={m('valueOrientation')}>{c.valueOrientation ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={m('soothing')} span={2}>
            {text(c.soothing)}
          </Descriptions.Item>
        </Descriptions>
      );
    case 'handling':
      return (
        <Descriptions {...props} data-testid="complaint-handling">
          <Descriptions.Item label={m('department')}>{c.department?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={m('owner')}>{c.owner?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={m('handler')}>{c.handler?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={m('levelLabel')}>
            {t('complaints.main.levelN', { n: c.level })}
            {c.escalatedAt ? ` · ${formatDateTime(c.escalatedAt)}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={m('investigation')} span={2}>
            {text(c.investigation)}
          </Descriptions.Item>
          <Descriptions.Item label={m('rootCause')}>{dict('complaint_cause', c.rootCause)}</Descriptions.Item>
          <Descriptions.Item label={m('validity')}>{c.validity ? t(`complaints.main.validityValue.${c.validity}`) : m('validityPending')}</Descriptions.Item>
          <Descriptions.Item label={m('causeAnalysis')} span={2}>
            {text(c.causeAnalysis)}
          </Descriptions.Item>
          {c.invalidReason && (
            <Descriptions.Item label={m('invalidReason')} span={2}>
              {text(c.invalidReason)}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={m('solution')} span={2}>
            {c.solutionKind && <Tag>{t(`complaints.main.solutionKind.${c.solutionKind}`)}</Tag>}
            {text(c.solution)}
          </Descriptions.Item>
          <Descriptions.Item label={m('resolution')} span={2}>
            {text(c.resolution)}
          </Descriptions.Item>
          <Descriptions.Item label={m('compensation')}>{c.compensationFen ? formatFen(c.compensationFen) : '—'}</Descriptions.Item>
          <Descriptions.Item label={m('resolvedAt')}>{formatDateTime(c.times.resolved)}</Descriptions.Item>
        </Descriptions>
      );
    case 'closure':
      return (
        <Descriptions {...props} data-testid="complaint-closure">
          <Descriptions.Item label={m('confirmationLabel')}>
            {c.confirmation ? (
              <Space size={4}>
                {t(`complaints.main.confirmation.${c.confirmation}`)}
                {c.confirmedBy && <Tag>{t(`complaints.main.confirmedBy.${c.confirmedBy}`)}</Tag>}
              </Space>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={m('confirmedAt')}>{formatDateTime(c.times.confirmed)}</Descriptions.Item>
          {c.confirmReason && (
            <Descriptions.Item label={c.confirmedBy === 'customer' ? m('customerComment') : m('confirmReason')} span={2}>
              {text(c.confirmReason)}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={m('visitedAt')}>{formatDateTime(c.times.visited)}</Descriptions.Item>
          <Descriptions.Item label={m('visitRating')}>{c.visitRating ? '★'.repeat(c.visitRating) + '☆'.repeat(5 - c.visitRating) : '—'}</Descriptions.Item>
          <Descriptions.Item label={m('visitResult')} span={2}>
            {text(c.visitResult)}
          </Descriptions.Item>
          <Descriptions.Item label={m('wonBack')}>{yesNo(c.wonBack)}</Descriptions.Item>
          <Descriptions.Item label={m('closedDate')}>{formatDateTime(c.times.closed)}</Descriptions.Item>
          <Descriptions.Item label={m('onTime')}>{yesNo(c.onTime)}</Descriptions.Item>
          <Descriptions.Item label={m('reopenCount')}>{c.reopenCount}</Descriptions.Item>
        </Descriptions>
      );
  }
}
