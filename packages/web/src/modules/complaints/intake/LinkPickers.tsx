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

interface SearchPickerProps<T> extends PickerProps<T> {
  /** the search query hook of the kind of record (the same one on every render) */
  useSearch: (q: string, customerId: number | undefined) => { data?: T[]; isFetching: boolean };
  placeholder: string;
  label: (hit: T) => string;
}

/** A searching select over one kind of record; it keeps the picked record listed while the search text changes. */
function SearchPicker<T extends { id: number }>(props: SearchPickerProps<T>) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text);
  const [picked, setPicked] = useState<T | null>(null);
  const { data, isFetching } = props.useSearch(q, props.customerId);
  const hits = data ?? [];
  const list = picked && !hits.some((h) => h.id === picked.id) ? [picked, ...hits] : hits;
  return (
    <Select
      allowClear
      data-testid={props.testId}
      value={props.value ?? undefined}
      placeholder={props.placeholder}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={isFetching}
      notFoundContent={q || props.customerId ? undefined : t('complaints.main.intake.typeToSearch')}
      options={withInitial(
        list.map((h) => ({ value: h.id, label: props.label(h) })),
        props.value,
        props.initialLabel,
      )}
      onChange={(id?: number) => {
        const hit = list.find((h) => h.id === id) ?? null;
        setPicked(hit);
        props.onChange?.(id ?? null);
        props.onPick?.(hit);
      }}
    />
  );
}

export function UnitPicker(props: PickerProps<UnitHit>) {
  const { t } = useTranslation();
  return (
    <SearchPicker
      {...props}
      useSearch={useUnitSearch}
      placeholder={t('complaints.main.intake.unitPick')}
      label={(u) => `${u.serialNo} · ${u.productModel} ${u.productName} · ${u.customerName}`}
    />
  );
}

export function ServiceOrderPicker(props: PickerProps<ServiceOrderHit>) {
  const { t } = useTranslation();
  return (
    <SearchPicker
      {...props}
      useSearch={useServiceOrderSearch}
      placeholder={t('complaints.main.intake.orderPick')}
      label={(o) => `${o.code} · ${t(`service.orders.types.${o.type}`, { defaultValue: o.type })} · ${o.customerName}`}
    />
  );
}
