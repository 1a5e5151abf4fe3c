// A searchable part picker; with an outlet it shows each part's free stock there.
import type { TPart } from '@kehu/shared';
import { Select, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParts } from './api';

export function PartSelect(props: {
  value?: number;
  onChange?: (id: number | undefined, part?: TPart) => void;
  outletId?: number;
  placeholder?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const { data, isFetching } = useParts({ page: 1, pageSize: 50, q: q || undefined, outletId: props.outletId, archived: 'false' });
  const items = data?.items ?? [];
  return (
    <Select
      data-testid={props['data-testid']}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      style={{ width: '100%', ...props.style }}
      placeholder={props.placeholder}
      loading={isFetching}
      value={props.value}
      onChange={(id: number | undefined) => props.onChange?.(id, items.find((p) => p.id === id))}
      onClear={() => setQ('')}
      optionLabelProp="label"
      options={items.map((p) => ({
        value: p.id,
        label: `${p.code} ${p.name}`,
        title: `${p.code} ${p.name}`,
        // the dropdown row: code and name, and the free stock at the outlet when one is given
        desc: (
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              {p.code} {p.name}
            </span>
            {p.available !== undefined && (
              <Tag color={p.available > 0 ? 'green' : 'red'} style={{ marginInlineEnd: 0 }}>
                {t('service.parts.availableTag', { n: p.available })}
              </Tag>
            )}
          </div>
        ),
      }))}
      optionRender={(o) => (o.data as { desc: React.ReactNode }).desc}
    />
  );
}
