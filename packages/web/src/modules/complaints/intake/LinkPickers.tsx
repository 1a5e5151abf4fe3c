// The searching selects of the intake form: a product unit by serial number and a service order by its code, each
// narrowed to the chosen customer when there is one. They tell the form which customer the picked record belongs to.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServiceOrderSearch, useUnitSearch, type ServiceOrderHit, type UnitHit } from '../api';

/** Text typed in a select, passed on after a short pause. */
export function useDebounced(value: string, ms = 250): string {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value.trim()), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

interface PickerProps<T> {
  value?: number | null;
  onChange?: (id: number | null) => void;
  customerId?: number;
  /** the whole record picked (to take its customer along) */
  onPick?: (hit: T | null) => void;
  /** the label of the value the form starts with (an existing link) */
  initialLabel?: string;
  testId: string;
}

/** The options, with the starting value's label when no hit shows it. */
function withInitial(options: { value: number; label: string }[], value: number | null | undefined, label: string | undefined) {
  return value && label && !options.some((o) => o.value === value) ? [{ value, label }, ...options] : options;
}

export function UnitPicker(props: PickerProps<UnitHit>) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text);
  const [picked, setPicked] = useState<UnitHit | null>(null);
  const { data, isFetching } = useUnitSearch(q, props.customerId);
  const hits = data ?? [];
  const list = picked && !hits.some((h) => h.id === picked.id) ? [picked, ...hits] : hits;
  return (
    <Select
      allowClear
      data-testid={props.testId}
      value={props.value ?? undefined}
      placeholder={t('complaints.main.intake.unitPick')}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={isFetching}
      notFoundContent={q || props.customerId ? undefined : t('complaints.main.intake.typeToSearch')}
      options={withInitial(
        list.map((u) => ({ value: u.id, label: `${u.serialNo} · ${u.productModel} ${u.productName} · ${u.customerName}` })),
        props.value,
        props.initialLabel,
      )}
      onChange={(id?: number) => {
        const hit = list.find((u) => u.id === id) ?? null;
        setPicked(hit);
        props.onChange?.(id ?? null);
        props.onPick?.(hit);
      }}
    />
  );
}

export function ServiceOrderPicker(props: PickerProps<ServiceOrderHit>) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text);
  const [picked, setPicked] = useState<ServiceOrderHit | null>(null);
  const { data, isFetching } = useServiceOrderSearch(q, props.customerId);
  const hits = data ?? [];
  const list = picked && !hits.some((h) => h.id === picked.id) ? [picked, ...hits] : hits;
  return (
    <Select
      allowClear
      data-testid={props.testId}
      value={props.value ?? undefined}
      placeholder={t('complaints.main.intake.orderPick')}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={isFetching}
      notFoundContent={q || props.customerId ? undefined : t('complaints.main.intake.typeToSearch')}
      options={withInitial(
        list.map((o) => ({ value: o.id, label: `${o.code} · ${t(`service.orders.types.${o.type}`, { defaultValue: o.type })} · ${o.customerName}` })),
        props.value,
        props.initialLabel,
      )}
      onChange={(id?: number) => {
        const hit = list.find((o) => o.id === id) ?? null;
        setPicked(hit);
        props.onChange?.(id ?? null);
        props.onPick?.(hit);
      }}
    />
  );
}
