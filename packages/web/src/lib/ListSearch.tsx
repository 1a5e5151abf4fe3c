// The search box of a list page: typed text stays local until Enter / the button, then the trimmed text (or none)
// goes to the list's query.
import { Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function ListSearch(props: { value: string | undefined; onSearch: (q: string | undefined) => void; placeholder: string; width: number; 'data-testid'?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState(props.value ?? '');
  return (
    <Input.Search
      allowClear
      style={{ width: props.width }}
      placeholder={props.placeholder}
      aria-label={props.placeholder}
      value={q}
      onChange={(e) => setQ(e.target.value)}
      onSearch={(v) => props.onSearch(v.trim() || undefined)}
      enterButton={t('common.search')}
      data-testid={props['data-testid']}
    />
  );
}
