// A product select that searches the catalogue by model or name as the user types.
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProducts } from '../catalogue/api';

export function ProductPicker(props: { value?: number; onChange?: (id: number | undefined) => void; testId?: string; placeholder?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const { data, isFetching } = useProducts({ page: 1, pageSize: 50, q: q || undefined });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={props.value}
      onChange={(v?: number) => props.onChange?.(v)}
      placeholder={props.placeholder ?? t('service.returns.productPick')}
      loading={isFetching}
      options={(data?.items ?? []).map((p) => ({ value: p.id, label: `${p.model} ${p.name}（${p.categoryName}）` }))}
      data-testid={props.testId ?? 'return-product'}
    />
  );
}
