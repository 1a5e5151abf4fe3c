// A customer select that searches the customer file as the user types (GET /api/v1/customers?q=).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../../../lib/api';

interface CustomerHit {
  id: number;
  code: string;
  name: string;
}

export function CustomerPicker({ value, onChange, initial }: { value?: number; onChange?: (id: number | undefined) => void; initial?: CustomerHit | null }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const { data, isFetching } = useQuery({
    queryKey: ['service-catalogue', 'customer-search', q],
    queryFn: async () => (await get<{ items: CustomerHit[] }>('/api/v1/customers' + qs({ q: q || undefined, pageSize: 20 }))).items,
    placeholderData: keepPreviousData,
  });
  const hits = data ?? [];
  const options = [...(initial && !hits.some((h) => h.id === initial.id) ? [initial] : []), ...hits].map((c) => ({ value: c.id, label: `${c.name}（${c.code}）` }));
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(v?: number) => onChange?.(v)}
      placeholder={t('service.catalogue.unit.customerPick')}
      loading={isFetching}
      options={options}
      data-testid="unit-customer"
    />
  );
}
