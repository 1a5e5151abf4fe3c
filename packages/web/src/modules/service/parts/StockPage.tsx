// 配件库存: stock per outlet warehouse — on hand, reserved, free and the minimum; rows below the minimum stand out.
// Receipts and transfers between outlets (service:parts).
import { ImportOutlined, SwapOutlined } from '@ant-design/icons';
import type { TStockRow } from '@kehu/shared';
import { Button, Checkbox, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { listPagination } from '../../../lib/pagination';
import { outletLabel, useOutletOptions, useStock, type StockQuery } from './api';
import { ReceiveStockModal } from './ReceiveStockModal';
import { TransferStockModal } from './TransferStockModal';
import './parts.css';

const num = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

export function StockPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params] = useSearchParams();
  // a low-stock notice links here with ?outletId=&partId=
  const [query, setQuery] = useState<StockQuery>({ page: 1, pageSize: 20, outletId: num(params.get('outletId')), partId: num(params.get('partId')) });
  const [dialog, setDialog] = useState<{ kind: 'receive' | 'transfer'; row?: TStockRow } | null>(null);
  const { data, isFetching } = useStock(query);
  const outlets = useOutletOptions().data ?? [];
  const writable = can('service:parts');
  const update = (patch: Partial<StockQuery>) => setQuery((cur) => ({ ...cur, page: 1, ...patch }));

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.parts.stockTitle')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <Space wrap>
          <Select
            allowClear
            style={{ width: 240 }}
            placeholder={t('service.parts.outlet')}
            aria-label={t('service.parts.outlet')}
            value={query.outletId}
            onChange={(outletId) => update({ outletId })}
            showSearch={{ optionFilterProp: 'label' }}
            options={outlets.map((o) => ({ value: o.id, label: outletLabel(o) }))}
          />
          <Input.Search
            allowClear
            style={{ width: 240 }}
            placeholder={t('service.parts.searchPlaceholder')}
            aria-label={t('service.parts.searchPlaceholder')}
            onSearch={(q) => update({ q: q.trim() || undefined, partId: undefined })}
            enterButton={t('common.search')}
          />
          <Checkbox checked={query.low === 'true'} onChange={(e) => update({ low: e.target.checked ? 'true' : undefined })}>
            {t('service.parts.lowOnly')}
          </Checkbox>
          {query.partId && (
            <Tag closable onClose={() => update({ partId: undefined })}>
              {data?.items[0]?.partCode ?? query.partId}
            </Tag>
          )}
        </Space>
        {writable && (
          <Space style={{ marginLeft: 'auto' }}>
            <Button icon={<SwapOutlined />} onClick={() => setDialog({ kind: 'transfer' })}>
              {t('service.parts.transfer')}
            </Button>
            <Button type="primary" icon={<ImportOutlined />} onClick={() => setDialog({ kind: 'receive' })}>
              {t('service.parts.receive')}
            </Button>
          </Space>
        )}
      </div>
      <Table<TStockRow>
        rowKey={(r) => `${r.outletId}:${r.partId}`}
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        rowClassName={(r) => (r.low ? 'kehu-stock-low' : '')}
        scroll={{ x: 1340 }}
        onChange={(pg) => setQuery((cur) => ({ ...cur, page: pg.current ?? 1, pageSize: pg.pageSize ?? 20 }))}
        pagination={listPagination(t, query, data?.total)}
        columns={[
          { title: t('service.parts.outlet'), key: 'outlet', width: 240, render: (_, r) => outletLabel({ id: r.outletId, code: r.outletCode, name: r.outletName }) },
          { title: t('service.parts.code'), dataIndex: 'partCode', width: 130 },
          { title: t('service.parts.name'), dataIndex: 'partName', width: 240, ellipsis: true },
          { title: t('service.parts.onHand'), dataIndex: 'onHand', align: 'right', width: 90 },
          { title: t('service.parts.reserved'), dataIndex: 'reserved', align: 'right', width: 90 },
          {
            title: t('service.parts.available'),
            dataIndex: 'available',
            align: 'right',
            width: 120,
            render: (v: number, r) => (
              <Space size={4}>
                {r.low && <Tag color="red">{t('service.parts.low')}</Tag>}
                <strong>{v}</strong>
              </Space>
            ),
          },
          { title: t('service.parts.minStock'), dataIndex: 'minStock', align: 'right', width: 100 },
          { title: t('service.parts.unit'), dataIndex: 'unit', width: 60 },
          { title: t('service.parts.updatedAt'), dataIndex: 'updatedAt', width: 160, render: (v: string) => formatDateTime(v) },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 120,
                  fixed: 'right' as const,
                  render: (_: unknown, r: TStockRow) => (
                    <Space>
                      <a onClick={() => setDialog({ kind: 'receive', row: r })}>{t('service.parts.receive')}</a>
                      <a onClick={() => setDialog({ kind: 'transfer', row: r })}>{t('service.parts.transfer')}</a>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {dialog?.kind === 'receive' && (
        <ReceiveStockModal defaults={{ outletId: dialog.row?.outletId ?? query.outletId, partId: dialog.row?.partId }} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'transfer' && (
        <TransferStockModal defaults={{ fromOutletId: dialog.row?.outletId ?? query.outletId, partId: dialog.row?.partId }} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
