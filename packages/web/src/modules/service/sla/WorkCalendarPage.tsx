// 工作日历: public holidays and 调休 make-up working days of a year (editable data, checked every year against the
// State Council notice), the daily working periods, and a deadline calculator.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, InputNumber, Popconfirm, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format';
import type { TCalendarDay } from '@kehu/shared';
import { ApiError } from '../../../lib/api';
import { useCan } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { slaApi, slaKeys, useCalendarYear, useSlaMutation, useWorkPeriods } from './api';
import { CalendarDayModal } from './CalendarDayModal';
import { DeadlineCalculator } from './DeadlineCalculator';
import { WorkPeriodsCard } from './WorkPeriodsCard';
import { YearGrid } from './YearGrid';

export function WorkCalendarPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const showError = useShowError();
  const writable = can('service:rules');
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [view, setView] = useState<'grid' | 'list'>('grid');
  const [editing, setEditing] = useState<TCalendarDay | { day: string } | null>(null);
  const { data, isFetching, refetch } = useCalendarYear(year);
  const minutesPerDay = useWorkPeriods().data?.minutesPerDay ?? 480;
  const save = useSlaMutation((days: TCalendarDay[]) => slaApi.putYear(year, data?.etag ?? '', days), [slaKeys.calendar]);
  const weekdays = t('service.sla.weekdays', { returnObjects: true }) as string[];
  const days = data?.days ?? [];

  /** Saves the year with one day added, changed or removed; true when saved. */
  const write = async (next: TCalendarDay[]) => {
    try {
      await save.mutateAsync(next);
      message.success(t('common.saved'));
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CALENDAR_CHANGED') {
        message.error(e.title);
        await refetch();
      } else showError(e);
      return false;
    }
  };
  const upsert = (d: TCalendarDay, replacing: string | null) => write([...days.filter((x) => x.day !== d.day && x.day !== replacing), d]);
  const remove = (day: string) => write(days.filter((x) => x.day !== day));
  const pick = (day: string) => {
    if (!writable) return;
    setEditing(days.find((d) => d.day === day) ?? { day });
  };

  const holidays = days.filter((d) => d.kind === 'holiday').length;
  const workdays = days.length - holidays;

  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('service.sla.calendarTitle')}
        </Typography.Title>
        <Space style={{ marginLeft: 'auto' }}>
          <span>{t('service.sla.year')}</span>
          <InputNumber min={2000} max={2100} precision={0} value={year} onChange={(v) => v && setYear(v)} style={{ width: 100 }} aria-label={t('service.sla.year')} />
          <Segmented
            value={view}
            onChange={(v) => setView(v as 'grid' | 'list')}
            options={[
              { value: 'grid', label: t('service.sla.calendarView') },
              { value: 'list', label: t('service.sla.listView') },
            ]}
          />
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ day: `${year}-01-01` })}>
              {t('service.sla.addDay')}
            </Button>
          )}
        </Space>
      </div>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('service.sla.calendarHint')} />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            loading={isFetching && !data}
            title={
              <Space>
                <Tag color="red">{t('service.sla.holidays', { n: holidays })}</Tag>
                <Tag color="orange">{t('service.sla.workdays', { n: workdays })}</Tag>
              </Space>
            }
          >
            {view === 'grid' ? (
              <YearGrid year={year} days={days} onPick={writable ? pick : undefined} />
            ) : (
              <Table<TCalendarDay>
                rowKey="day"
                size="small"
                dataSource={days}
                pagination={false}
                locale={{ emptyText: t('service.sla.noDays') }}
                columns={[
                  { title: t('service.sla.day'), dataIndex: 'day', width: 140, render: (v: string) => formatDate(v) },
                  { title: t('service.sla.weekday'), key: 'weekday', width: 80, render: (_, d) => weekdays[new Date(`${d.day}T00:00:00Z`).getUTCDay()] },
                  {
                    title: t('service.sla.kind'),
                    dataIndex: 'kind',
                    width: 120,
                    render: (v: string) => <Tag color={v === 'holiday' ? 'red' : 'orange'}>{t(`service.sla.${v}`)}</Tag>,
                  },
                  { title: t('service.sla.name'), dataIndex: 'name' },
                  ...(writable
                    ? [
                        {
                          title: t('common.actions'),
                          key: 'actions',
                          width: 120,
                          render: (_: unknown, d: TCalendarDay) => (
                            <Space>
                              <a onClick={() => setEditing(d)}>{t('common.edit')}</a>
                              <Popconfirm title={t('service.sla.removeDayConfirm')} onConfirm={() => remove(d.day)}>
                                <a>{t('common.delete')}</a>
                              </Popconfirm>
                            </Space>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Space direction="vertical" style={{ width: '100%' }} size={16}>
            <WorkPeriodsCard writable={writable} />
            <DeadlineCalculator minutesPerDay={minutesPerDay} />
          </Space>
        </Col>
      </Row>
      {editing && (
        <CalendarDayModal
          year={year}
          day={editing}
          saving={save.isPending}
          onSave={upsert}
          onRemove={remove}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}
