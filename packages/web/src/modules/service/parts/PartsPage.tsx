// 配件目录: the spare-parts catalogue with list prices and minimum stock; create, edit, archive and restore.
import { PlusOutlined } from '@ant-design/icons';
import type { TPart } from '@kehu/shared';
import { Alert, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFen } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { useCategoryOptions } from '../catalogue/api';
import { ArchivedFilter } from '../shared/ArchivedFilter';
import { archiveActionsColumn, useArchiveToggle } from '../shared/ArchiveActions';
import { listPagination } from '../../../lib/pagination';
import { partsApi, useParts, usePartsMutation, type PartQuery } from './api';
import { PartFormModal } from './PartFormModal';

export function PartsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [query, setQuery] = useState<PartQuery>({ page: 1, pageSize: 20, archived: 'false' });
  const [editing, setEditing] = useState<TPart | 'new' | null>(null);
  const { data, isFetching } = useParts(query);
  const categories = useCategoryOptions().data?.items ?? [];
  const writable = can('service:catalogue');
  const archive = usePartsMutation((p: TPart) => partsApi.archivePart(p.id, p.version, !p.archivedAt));

  const update = (patch: Partial<PartQuery>) => setQuery((cur) => ({ ...cur, page: 1, ...patch }));
  const onTable = (pg: TablePaginationConfig, _f: unknown, sorter: SorterResult<TPart> | SorterResult<TPart>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = s?.order ? (s.order === 'descend' ? '-' : '') + String(s.columnKey) : undefined;
    setQuery((cur) => ({ ...cur, page: pg.current ?? 1, pageSize: pg.pageSize ?? 20, sort }));
  };
  const onArchive = useArchiveToggle(archive.mutateAsync);

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.parts.catalogueTitle')}
      </Typography.Title>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('service.parts.catalogueHint')} />
      <div className="kehu-toolbar">
        <Space wrap>
          <Input.Search allowClear placeholder={t('service.parts.searchPlaceholder')} aria-label={t('service.parts.searchPlaceholder')} onSearch={(q) => update({ q: q.trim() || undefined })} style={{ width: 260 }} enterButton={t('common.search')} />
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('service.parts.category')}
            value={query.categoryId}
            onChange={(categoryId) => update({ categoryId })}
            showSearch={{ optionFilterProp: 'label' }}
            options={categories.map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))}
          />
          <ArchivedFilter value={query.archived} width={120} onChange={(archived) => update({ archived })} />
        </Space>
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} style={{ marginLeft: 'auto' }} onClick={() => setEditing('new')}>
            {t('service.parts.newPart')}
          </Button>
        )}
      </div>
      <Table<TPart>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onChange={onTable}
        scroll={{ x: 1100 }}
        pagination={listPagination(t, query, data?.total)}
        columns={[
          { title: t('service.parts.code'), dataIndex: 'code', key: 'code', sorter: true, width: 140 },
          {
            title: t('service.parts.name'),
            dataIndex: 'name',
            key: 'name',
            sorter: true,
            width: 280,
            render: (v: string, p) => (
              <Space size={4}>
                {v}
                {p.archivedAt && <Tag>{t('service.parts.archived')}</Tag>}
              </Space>
            ),
          },
          { title: t('service.parts.category'), dataIndex: 'categoryName', width: 160, render: (v: string | null) => v ?? '—' },
          { title: t('service.parts.unit'), dataIndex: 'unit', width: 70 },
          { title: t('service.parts.listPriceShort'), dataIndex: 'listPriceFen', key: 'listPriceFen', sorter: true, align: 'right', width: 120, render: (v: number) => formatFen(v) },
          { title: t('service.parts.minStock'), dataIndex: 'minStock', key: 'minStock', sorter: true, align: 'right', width: 100 },
          { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (v: string) => formatDateTime(v) },
          ...(writable ? [archiveActionsColumn<TPart>(t, { width: 130, confirm: t('service.parts.archiveConfirm'), onEdit: setEditing, onArchive })] : []),
        ]}
      />
      {editing && <PartFormModal part={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
