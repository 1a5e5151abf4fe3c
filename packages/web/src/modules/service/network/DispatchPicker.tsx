// Outlet + technician choice for dispatching an order, led by the dispatch proposal: the outlet whose coverage best
// matches the order's region is preselected with its best-ranked technician (skill, then today's load); the
// dispatcher may pick another covering outlet or any live outlet, and another technician (skill ✓/✗, load n/capacity).
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import type { TDispatchCandidate } from '@kehu/shared';
import { Alert, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDispatchProposal, useOutletOptions } from './api';
import { useNetworkLabels } from './useNetworkLabels';

export interface DispatchPickerProps {
  regionCode: string | null;
  serviceType: string;
  skill: string | null;
  value?: { outletId?: number; technicianId?: number };
  onChange(v: { outletId: number; technicianId: number }): void;
}

export function DispatchPicker({ regionCode, serviceType, skill, value, onChange }: DispatchPickerProps) {
  const { t } = useTranslation();
  const labels = useNetworkLabels();
  // the outlet asked for: the caller's, or one picked here; undefined lets the proposal choose
  const [outletId, setOutletId] = useState<number | undefined>(value?.outletId);
  const [technicianId, setTechnicianId] = useState<number | undefined>(value?.technicianId);
  const proposal = useDispatchProposal({ regionCode, serviceType, skill, outletId });
  const outlets = useOutletOptions();
  const data = proposal.data;
  const chosenOutlet = data?.outlet ?? null;
  const technicians = chosenOutlet ? (data?.technicians ?? []) : [];
  const emitted = useRef<string>('');

  useEffect(() => {
    if (value?.outletId !== undefined && value.outletId !== outletId) setOutletId(value.outletId);
    if (value?.technicianId !== undefined) setTechnicianId(value.technicianId);
    // follow the caller's value only when it changes
  }, [value?.outletId, value?.technicianId]);

  // once the proposal for the current outlet is in: keep the technician if they belong to it, else take the first
  useEffect(() => {
    if (!chosenOutlet || proposal.isPlaceholderData) return;
    const keep = technicians.some((c) => c.userId === technicianId) ? technicianId : technicians[0]?.userId;
    if (keep !== technicianId) setTechnicianId(keep);
    if (keep === undefined) return;
    const key = `${chosenOutlet.id}:${keep}`;
    if (emitted.current === key || (value?.outletId === chosenOutlet.id && value?.technicianId === keep)) {
      emitted.current = key;
      return;
    }
    emitted.current = key;
    onChange({ outletId: chosenOutlet.id, technicianId: keep });
  }, [chosenOutlet?.id, data, proposal.isPlaceholderData]);

  const covering = [...(chosenOutlet && chosenOutlet.matchedRegion ? [chosenOutlet] : []), ...(data?.alternatives ?? [])];
  const coveringIds = new Set(covering.map((o) => o.id));
  const others = (outlets.data ?? []).filter((o) => !coveringIds.has(o.id));
  const outletOptions = [
    ...(covering.length
      ? [
          {
            label: t('service.network.dispatch.covering'),
            options: covering.map((o) => ({ value: o.id, label: `${o.name}（${o.code}）`, matched: o.matchedRegion })),
          },
        ]
      : []),
    {
      label: t('service.network.dispatch.otherOutlets'),
      options: [
        // an outlet chosen by hand that does not cover the region still shows
        ...(chosenOutlet && !chosenOutlet.matchedRegion && !others.some((o) => o.id === chosenOutlet.id) ? [{ value: chosenOutlet.id, label: `${chosenOutlet.name}（${chosenOutlet.code}）`, matched: '' }] : []),
        ...others.map((o) => ({ value: o.id, label: `${o.name}（${o.code}）`, matched: '' })),
      ],
    },
  ];

  const techLabel = (c: TDispatchCandidate) => `${c.name} · ${c.load}/${c.capacity}`;
  const pickOutlet = (id: number) => {
    setOutletId(id);
    setTechnicianId(undefined);
  };
  const pickTechnician = (id: number) => {
    setTechnicianId(id);
    if (chosenOutlet) {
      emitted.current = `${chosenOutlet.id}:${id}`;
      onChange({ outletId: chosenOutlet.id, technicianId: id });
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="dispatch-picker">
      {data && !data.outlet && !outletId && <Alert type="warning" showIcon title={t('service.network.dispatch.noCoverage')} />}
      {chosenOutlet && (
        <Typography.Text type="secondary">
          {chosenOutlet.matchedRegion
            ? t('service.network.dispatch.proposed', { region: labels.division(chosenOutlet.matchedRegion) })
            : t('service.network.dispatch.manualOutlet')}{' '}
          <Tag color={data?.regionType === 'remote' ? 'red' : data?.regionType === 'suburban' ? 'orange' : 'blue'}>{labels.regionType(data?.regionType ?? 'urban')}</Tag>
        </Typography.Text>
      )}
      <Select
        data-testid="dispatch-outlet"
        style={{ width: '100%' }}
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('service.network.dispatch.outlet')}
        loading={proposal.isFetching || outlets.isFetching}
        value={outletId ?? chosenOutlet?.id}
        onChange={pickOutlet}
        options={outletOptions}
        optionRender={(o) => {
          const matched = (o.data as unknown as { matched?: string }).matched;
          return (
            <Space>
              {o.label}
              {matched && <Tag>{labels.division(matched)}</Tag>}
            </Space>
          );
        }}
      />
      <Select
        data-testid="dispatch-technician"
        style={{ width: '100%' }}
        placeholder={t('service.network.dispatch.technician')}
        disabled={!chosenOutlet}
        loading={proposal.isFetching}
        value={technicians.some((c) => c.userId === technicianId) ? technicianId : undefined}
        onChange={pickTechnician}
        notFoundContent={t('service.network.dispatch.noTechnicians')}
        options={technicians.map((c) => ({ value: c.userId, label: techLabel(c), candidate: c }))}
        optionRender={(o) => {
          const c = (o.data as unknown as { candidate: TDispatchCandidate }).candidate;
          return (
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <span>
                {c.hasSkill ? <CheckOutlined style={{ color: '#52c41a' }} aria-label={t('service.network.dispatch.hasSkill')} /> : <CloseOutlined style={{ color: '#ff4d4f' }} aria-label={t('service.network.dispatch.lacksSkill')} />} {c.name}
              </span>
              <Typography.Text type={c.load >= c.capacity ? 'danger' : 'secondary'}>{t('service.network.dispatch.load', { load: c.load, capacity: c.capacity })}</Typography.Text>
            </Space>
          );
        }}
      />
      {chosenOutlet && !proposal.isFetching && technicians.length === 0 && <Alert type="info" showIcon title={t('service.network.dispatch.noTechnicians')} />}
      {skill && technicians.length > 0 && !technicians.some((c) => c.hasSkill) && <Alert type="warning" showIcon title={t('service.network.dispatch.nobodySkilled', { skill: labels.skill(skill) })} />}
    </Space>
  );
}
