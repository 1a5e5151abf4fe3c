// 客户投诉处理日报表 (tool 36): a day's complaints laid out like the paper form — header, lines, summary, major
// cases, matters to coordinate and the supervisor's opinion — printable on A4 landscape, exportable to XLSX, with the
// subscription to the morning report.
import { DownloadOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Space, Spin, Switch, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TDailyBreakdown, TDailyLine, TDailyReport } from '@kehu/shared';
import { currentLanguage } from '../../../app/i18n';
import { errorText } from '../../../lib/api';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useDictLabel } from '../../../lib/reference';
import '../../customers/print.css';
import './reports.css';
import { dailyXlsxHref, useDailyReport, useRegenerateDaily, useSetSubscription, useSubscription } from './api';
import { eventLabel, timingLabel } from './report-format';
import { companyNow, companyToday, isAfterCompanyToday } from '../../../lib/clock';

const K = 'complaints.reports.daily';

function useCategoryLabel() {
  const { t } = useTranslation();
  const label = useDictLabel();
  return (code: string | null) => (code ? label('complaint_category', code) : t(`${K}.uncategorised`));
}

function Figures({ r }: { r: TDailyReport }) {
  const { t } = useTranslation();
  const s = r.summary;
  return (
    <table className="form-table daily-figures" data-testid="daily-figures">
      <tbody>
        <tr>
          <th>{t(`${K}.new`)}</th>
          <td data-testid="fig-new">{s.new}</td>
          <th>{t(`${K}.closed`)}</th>
          <td data-testid="fig-closed">{s.closed}</td>
          <th>{t(`${K}.open`)}</th>
          <td data-testid="fig-open">{s.open}</td>
          <th>{t(`${K}.overdue`)}</th>
          <td data-testid="fig-overdue" className={s.overdue ? 'overdue' : undefined}>
            {s.overdue}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function Lines({ lines, compact }: { lines: TDailyLine[]; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const category = useCategoryLabel();
  const exists = (k: string) => i18n.exists(k);
  const tt = (k: string, o?: Record<string, unknown>) => t(k, o);
  return (
    <table className="form-table daily-lines">
      <colgroup>
        <col style={{ width: '10%' }} />
        <col style={{ width: '10%' }} />
        <col style={{ width: compact ? '22%' : '14%' }} />
        <col style={{ width: '7%' }} />
        <col style={{ width: '8%' }} />
        <col style={{ width: '6%' }} />
        <col style={{ width: '8%' }} />
        {!compact && <col style={{ width: '19%' }} />}
        <col style={{ width: compact ? '20%' : '10%' }} />
        <col style={{ width: '8%' }} />
      </colgroup>
      <thead>
        <tr>
          {(['code', 'customer', 'summary', 'category', 'received', 'owner', 'state', ...(compact ? [] : ['actions']), 'result', 'timing'] as const).map((c) => (
            <th key={c}>{t(`${K}.cols.${c}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.id} data-testid="daily-line">
            <td>
              <a href={`/complaints/${l.id}`}>{l.code}</a>
              <div>
                {l.isNew && <Tag color="blue">{t(`${K}.tag.new`)}</Tag>}
                {l.closedOnDay && <Tag color="green">{t(`${K}.tag.closed`)}</Tag>}
                {l.level > 1 && <Tag color="volcano">{t(`${K}.level`, { n: l.level })}</Tag>}
                {l.severity !== 'minor' && <Tag color={l.severity === 'critical' ? 'red' : 'orange'}>{t(`complaints.main.severity.${l.severity}`)}</Tag>}
              </div>
            </td>
            <td>{l.customer}</td>
            <td>{l.summary}</td>
            <td>{category(l.category)}</td>
            <td>{dayjs(l.receivedAt).format('MM-DD HH:mm')}</td>
            <td>{l.owner ?? ''}</td>
            <td>{t(`complaints.main.state.${l.state}`)}</td>
            {!compact && (
              <td>
                <ul className="events">
                  {l.events.map((e, i) => (
                    <li key={i}>
                      {dayjs(e.at).format('HH:mm')} {eventLabel(e.action, tt, exists)}
                      {e.note ? `${i18n.language === 'en-US' ? ': ' : '：'}${e.note}` : ''}
                    </li>
                  ))}
                  {l.moreEvents > 0 && <li className="muted">{t(`${K}.moreEvents`, { n: l.moreEvents })}</li>}
                </ul>
              </td>
            )}
            <td>{l.result ?? ''}</td>
            <td className={l.overdue ? 'overdue' : undefined}>{timingLabel(l, tt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Breakdown<K extends string | number>({ title, rows, label }: { title: string; rows: TDailyBreakdown<K>[]; label: (b: TDailyBreakdown<K>) => string }) {
  const { t } = useTranslation();
  return (
    <div>
      <table className="form-table">
        <thead>
          <tr>
            <th>{title}</th>
            <th>{t(`${K}.short.new`)}</th>
            <th>{t(`${K}.short.closed`)}</th>
            <th>{t(`${K}.short.open`)}</th>
            <th>{t(`${K}.short.overdue`)}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={5}>{t(`${K}.none`)}</td>
            </tr>
          )}
          {rows.map((b) => (
            <tr key={String(b.key)}>
              <td>{label(b)}</td>
              <td>{b.new}</td>
              <td>{b.closed}</td>
              <td>{b.open}</td>
              <td className={b.overdue ? 'overdue' : undefined}>{b.overdue}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Sheet({ r }: { r: TDailyReport }) {
  const { t } = useTranslation();
  const category = useCategoryLabel();
  const dept = r.scope.kind === 'all' ? t(`${K}.all`) : r.scope.kind === 'own' ? `${t(`${K}.own`)}（${r.scope.name ?? ''}）` : (r.scope.name ?? '');
  const reporter = r.generatedBy.kind === 'system' ? t(`${K}.system`) : r.generatedBy.name;
  const notSet = t(`${K}.notSet`);
  const today = companyToday();
  return (
    <div className="form-sheet complaint-daily" data-testid="complaint-daily">
      <h1>{t(`${K}.title`)}</h1>
      <div className="form-meta">
        <span>
          {t(`${K}.day`)}：{formatDate(r.day)}
        </span>
        <span>
          {t(`${K}.department`)}：{dept}
        </span>
        <span>
          {t(`${K}.reporter`)}：{reporter}
        </span>
        <span>
          {t(`${K}.generatedAt`)}：{formatDateTime(r.generatedAt)}
        </span>
      </div>
      {r.day === today && <div className="muted no-print">{t(`${K}.asOfNow`, { time: dayjs(r.asOf).format('HH:mm') })}</div>}
      <Figures r={r} />

      <h2>{t(`${K}.lines`)}</h2>
      {r.lines.length ? <Lines lines={r.lines} /> : <p>{t(`${K}.noLines`)}</p>}
      {r.moreLines > 0 && <p className="muted">{t(`${K}.moreLines`, { n: r.moreLines })}</p>}

      <h2>{t(`${K}.summary`)}</h2>
      <div className="breakdowns">
        <Breakdown title={t(`${K}.byCategory`)} rows={r.summary.byCategory} label={(b) => category(b.key)} />
        <Breakdown title={t(`${K}.byProduct`)} rows={r.summary.byProduct} label={(b) => b.name ?? (b.key === null ? notSet : `#${b.key}`)} />
        <Breakdown title={t(`${K}.byDepartment`)} rows={r.summary.byDepartment} label={(b) => b.name ?? (b.key === null ? notSet : `#${b.key}`)} />
      </div>

      <h2>{t(`${K}.major`)}</h2>
      {r.major.length ? <Lines lines={r.major} compact /> : <p>{t(`${K}.none`)}</p>}
      {r.moreMajor > 0 && <p className="muted">{t(`${K}.moreItems`, { n: r.moreMajor })}</p>}

      <h2>{t(`${K}.coordination`)}</h2>
      {r.coordination.length ? <Lines lines={r.coordination} compact /> : <p>{t(`${K}.none`)}</p>}
      {r.moreCoordination > 0 && <p className="muted">{t(`${K}.moreItems`, { n: r.moreCoordination })}</p>}

      <h2>{t(`${K}.supervisor`)}</h2>
      <div className="opinion">
        <div className="sign">
          <span>{t(`${K}.signature`)}</span>
          <span>{t(`${K}.signDate`)}</span>
        </div>
      </div>
    </div>
  );
}

function SubscriptionSwitch() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data } = useSubscription();
  const set = useSetSubscription();
  return (
    <Tooltip title={t(`${K}.subscribeHint`)}>
      <Space>
        <Switch
          checked={!!data?.subscribed}
          loading={set.isPending || !data}
          data-testid="daily-subscribe"
          onChange={(on) =>
            set.mutate(
              { subscribe: on },
              { onSuccess: () => message.success(t(on ? `${K}.subscribed` : `${K}.unsubscribed`)), onError: (e) => message.error(errorText(e)) },
            )
          }
        />
        <span>{t(`${K}.subscribe`)}</span>
      </Space>
    </Tooltip>
  );
}

export function DailyReportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const today = companyToday();
  const day = params.get('day') ?? companyNow().subtract(1, 'day').format('YYYY-MM-DD');
  const { data: r, error, isFetching } = useDailyReport(day);
  const regenerate = useRegenerateDaily(day);
  return (
    <div className="kehu-page">
      <Space className="no-print" wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('complaints.reports.menuDaily')}
        </Typography.Title>
        <DatePicker
          allowClear={false}
          value={dayjs(day)}
          placeholder={t(`${K}.pick`)}
          disabledDate={isAfterCompanyToday}
          onChange={(d) => d && setParams({ day: d.format('YYYY-MM-DD') })}
          data-testid="daily-day"
        />
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!r}>
          {t(`${K}.print`)}
        </Button>
        <Button icon={<DownloadOutlined />} href={dailyXlsxHref(day, currentLanguage())} disabled={!r} data-testid="daily-xlsx">
          {t(`${K}.download`)}
        </Button>
        {/* the stored copy is the company's: the server lets only those who see every complaint replace it */}
        {day < today && r?.scope.kind === 'all' && (
          <Button
            icon={<ReloadOutlined />}
            loading={regenerate.isPending}
            onClick={() => regenerate.mutate(undefined, { onSuccess: () => message.success(t(`${K}.regenerated`)), onError: (e) => message.error(errorText(e)) })}
          >
            {t(`${K}.regenerate`)}
          </Button>
        )}
        {r && <Tag color={r.stored ? 'green' : 'blue'}>{t(r.stored ? `${K}.stored` : `${K}.live`)}</Tag>}
        <SubscriptionSwitch />
      </Space>
      {error && <Alert type="error" title={errorText(error)} style={{ marginBottom: 16 }} />}
      {!r && isFetching && <Spin style={{ margin: 80 }} />}
      {r && (
        <Spin spinning={isFetching}>
          <Sheet r={r} />
        </Spin>
      )}
    </div>
  );
}
