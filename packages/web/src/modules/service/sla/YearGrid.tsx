// A year at a glance: twelve small months, holidays in red, 调休 make-up working days in orange, weekends grey.
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TCalendarDay } from '@kehu/shared';

const pad = (n: number) => String(n).padStart(2, '0');

export function YearGrid({ year, days, onPick }: { year: number; days: TCalendarDay[]; onPick?: (day: string) => void }) {
  const { t } = useTranslation();
  const byDay = new Map(days.map((d) => [d.day, d]));
  const weekdays = t('service.sla.weekdaysShort', { returnObjects: true }) as string[];
  const months = Array.from({ length: 12 }, (_, m) => m);
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(210px, 1fr))', gap: 16 }}>
      {months.map((m) => {
        const first = new Date(Date.UTC(year, m, 1)).getUTCDay();
        const count = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
        const cells: (number | null)[] = [...Array.from({ length: first }, () => null), ...Array.from({ length: count }, (_, i) => i + 1)];
        return (
          <div key={m}>
            <div style={{ fontWeight: 600, marginBottom: 4 }}>{t('service.sla.monthTitle', { year, month: m + 1 })}</div>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, fontSize: 12, textAlign: 'center' }}>
              {weekdays.map((w, i) => (
                <div key={i} style={{ color: '#999' }}>
                  {w}
                </div>
              ))}
              {cells.map((d, i) => {
                if (d === null) return <div key={`e${i}`} />;
                const key = `${year}-${pad(m + 1)}-${pad(d)}`;
                const ex = byDay.get(key);
                const weekend = (first + d - 1) % 7 === 0 || (first + d - 1) % 7 === 6;
                const bg = ex?.kind === 'holiday' ? '#ff4d4f' : ex?.kind === 'workday' ? '#fa8c16' : weekend ? '#f0f0f0' : undefined;
                const cell = (
                  <div
                    key={key}
                    data-day={key}
                    onClick={() => onPick?.(key)}
                    style={{ background: bg, color: ex ? '#fff' : undefined, borderRadius: 3, padding: '2px 0', cursor: onPick ? 'pointer' : undefined }}
                  >
                    {d}
                  </div>
                );
                return ex ? (
                  <Tooltip key={key} title={`${ex.name}（${t(`service.sla.${ex.kind}`)}）`}>
                    {cell}
                  </Tooltip>
                ) : (
                  cell
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}
