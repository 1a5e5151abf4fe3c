// The parts of one service order: its lines with the fees, and — for the order's technician or a dispatcher —
// issuing or reserving a part from the order's outlet (free stock shown), issuing or releasing a reservation and
// returning unused parts. Laid out in one column so it works on a 375-px phone.
import { PARTS_ORDER_STATES, type TOrderItem } from '@kehu/shared';
import { App, Button, Checkbox, InputNumber, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../lib/api';
import { formatFen } from '../../../lib/format';
import { partsApi, useOrderItems, usePartsMutation } from './api';
import { PartSelect } from './PartSelect';
import { ReturnPartModal } from './ReturnPartModal';
import './parts.css';

const stateColor = { reserved: 'gold', issued: 'green', released: 'default' } as const;

export function OrderPartsPanel({ orderId, canEdit, onChanged }: { orderId: number; canEdit: boolean; onChanged?(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, isFetching } = useOrderItems(orderId);
  const [partId, setPartId] = useState<number | undefined>();
  const [qty, setQty] = useState<number | null>(1);
  const [reserve, setReserve] = useState(false);
  const [returning, setReturning] = useState<TOrderItem | null>(null);

  const done = (text: string) => {
    message.success(text);
    onChanged?.();
  };
  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'PART_OUT_OF_STOCK') message.error(t('service.parts.outOfStock', { n: Number(e.body.available ?? 0) }));
    else message.error(errorText(e));
  };

  const add = usePartsMutation((v: { partId: number; qty: number; reserve: boolean }) => partsApi.addOrderPart(orderId, v));
  const ret = usePartsMutation((v: { itemId: number; qty: number }) => partsApi.returnOrderPart(orderId, v.itemId, v.qty));
  const issue = usePartsMutation((itemId: number) => partsApi.issueReserved(orderId, itemId));
  const release = usePartsMutation((itemId: number) => partsApi.releaseReserved(orderId, itemId));

  const stateOk = !!data && (PARTS_ORDER_STATES as readonly string[]).includes(data.state);
  const editable = canEdit && stateOk && !!data?.outletId;

  const onAdd = async () => {
    if (!partId || !qty) return;
    try {
      await add.mutateAsync({ partId, qty, reserve });
      setPartId(undefined);
      setQty(1);
      done(reserve ? t('service.parts.reservedDone') : t('service.parts.added'));
    } catch (e) {
      fail(e);
    }
  };
  const onReturn = async (n: number) => {
    if (!returning) return;
    try {
      await ret.mutateAsync({ itemId: returning.id, qty: n });
      setReturning(null);
      done(t('service.parts.returnedDone'));
    } catch (e) {
      fail(e);
    }
  };
  const run = async (fn: () => Promise<unknown>, text: string) => {
    try {
      await fn();
      done(text);
    } catch (e) {
      fail(e);
    }
  };

  const kindLabel = (k: TOrderItem['kind']) => t(`service.parts.kind.${k}`);
  return (
    <div className="kehu-order-parts" data-testid="order-parts">
      <List<TOrderItem>
        size="small"
        loading={isFetching && !data}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('service.parts.noItems') }}
        renderItem={(it) => (
          <List.Item key={it.id}>
            <div className="kehu-order-parts-line">
              <div className="kehu-desc">
                <Space size={4} wrap>
                  {it.kind !== 'part' && <Tag>{kindLabel(it.kind)}</Tag>}
                  <span>{it.description}</span>
                  {it.partState && <Tag color={stateColor[it.partState]}>{t(`service.parts.state.${it.partState}`)}</Tag>}
                  {it.free && <Tag color="blue">{t('service.parts.free')}</Tag>}
                  {it.returnedQty > 0 && <Typography.Text type="secondary">{t('service.parts.returned', { n: it.returnedQty })}</Typography.Text>}
                </Space>
              </div>
              <Space size={8} wrap>
                <span>
                  {it.qty} {it.unit ?? ''} × {formatFen(it.unitPriceFen)}
                </span>
                <strong>{formatFen(it.amountFen)}</strong>
                {editable && it.kind === 'part' && (
                  <>
                    {it.partState === 'issued' && it.qty > 0 && <a onClick={() => setReturning(it)}>{t('service.parts.returnUnused')}</a>}
                    {it.partState === 'reserved' && (
                      <>
                        <a onClick={() => void run(() => issue.mutateAsync(it.id), t('service.parts.issuedDone'))}>{t('service.parts.issueReserved')}</a>
                        <Popconfirm title={t('service.parts.releaseConfirm')} onConfirm={() => run(() => release.mutateAsync(it.id), t('service.parts.releasedDone'))}>
                          <a>{t('service.parts.release')}</a>
                        </Popconfirm>
                      </>
                    )}
                  </>
                )}
              </Space>
            </div>
          </List.Item>
        )}
      />
      {data && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0' }}>
          {t('service.parts.fees', { parts: formatFen(data.fees.partsFen), total: formatFen(data.fees.totalFen) })}
        </Typography.Paragraph>
      )}
      {canEdit && data && !data.outletId && <Typography.Text type="warning">{t('service.parts.noOutlet')}</Typography.Text>}
      {canEdit && data && data.outletId && !stateOk && <Typography.Text type="secondary">{t('service.parts.stateLocked')}</Typography.Text>}
      {editable && (
        <div className="kehu-order-parts-add">
          <div className="kehu-grow">
            <PartSelect data-testid="order-part-select" outletId={data!.outletId!} value={partId} onChange={(id) => setPartId(id)} placeholder={t('service.parts.pickPart')} />
          </div>
          <InputNumber aria-label={t('service.parts.qty')} min={1} max={100000} precision={0} value={qty} onChange={setQty} inputMode="numeric" style={{ width: 90 }} />
          <Checkbox checked={reserve} onChange={(e) => setReserve(e.target.checked)}>
            {t('service.parts.reserveInstead')}
          </Checkbox>
          <Button type="primary" disabled={!partId || !qty} loading={add.isPending} onClick={() => void onAdd()}>
            {reserve ? t('service.parts.reserve') : t('service.parts.add')}
          </Button>
        </div>
      )}
      {returning && <ReturnPartModal item={returning} pending={ret.isPending} onSubmit={(n) => void onReturn(n)} onClose={() => setReturning(null)} />}
    </div>
  );
}
