// The request's path as steps: 申请 → 资格审核 → 收货 → 检验·责任判定 → 退款/换货/转维修 → 客户签收·结案.
import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReturnState, TReturn } from '@kehu/shared';
import { formatDateTime } from '../../../lib/format';

const INDEX: Record<ReturnState, number> = { requested: 0, rejected: 0, approved: 1, goods_received: 2, inspected: 3, refunded: 4, exchanged: 4, repair: 4, closed: 5 };
const DECIDED: Record<string, ReturnState> = { refund: 'refunded', exchange: 'exchanged', repair: 'repair' };

export function ReturnSteps({ ret: r }: { ret: TReturn }) {
  const { t } = useTranslation();
  const s = (k: string) => t(`service.returns.steps.${k}`);
  if (r.state === 'rejected') {
    return (
      <Steps
        size="small"
        titlePlacement="vertical"
        data-testid="return-steps"
        items={[
          { key: 'requested', title: s('requested'), status: 'finish', content: formatDateTime(r.times.requested) },
          { key: 'rejected', title: s('rejected'), status: 'error', content: formatDateTime(r.times.rejected) },
        ]}
      />
    );
  }
  // the steps reached are done; the next one is under way
  const reached = INDEX[r.state];
  const decidedKey = r.decision ? DECIDED[r.decision]! : 'decided';
  const path: { key: string; at: string | null }[] = [
    { key: 'requested', at: r.times.requested },
    { key: 'approved', at: r.times.approved },
    { key: 'goods_received', at: r.times.received },
    { key: 'inspected', at: r.times.inspected },
    { key: decidedKey, at: r.times.decided },
    { key: 'closed', at: r.times.closed },
  ];
  const items = path.map((p, i) => {
    const status: 'finish' | 'process' | 'wait' = i <= reached ? 'finish' : i === reached + 1 ? 'process' : 'wait';
    return { key: p.key, title: s(p.key), status, content: status === 'finish' && p.at ? formatDateTime(p.at) : undefined };
  });
  return <Steps size="small" titlePlacement="vertical" items={items} data-testid="return-steps" />;
}
