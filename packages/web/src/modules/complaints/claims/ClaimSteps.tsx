// The claim's path as steps (§4.3.1): 受理 → 取证 → 责任判定 → 核定金额 → 赔付 → (追偿) → 结案, or … → 拒赔 → 结案.
import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { RECOVERABLE_LIABILITIES, type ClaimState, type TClaim } from '@kehu/shared';
import { formatDateTime } from '../../../lib/format';

const MAIN: ClaimState[] = ['received', 'evidence_collected', 'liability_determined', 'approved', 'settled'];

export function ClaimSteps({ claim: c }: { claim: TClaim }) {
  const { t } = useTranslation();
  // when each state was reached: the last step that led into it
  const at = new Map<string, string>();
  for (const e of c.events) if (e.to && e.from !== e.to) at.set(e.to, e.at);
  const rejected = c.state === 'rejected' || (c.state === 'closed' && at.has('rejected'));
  let path: ClaimState[];
  if (rejected) {
    // the steps taken before the rejection, then the rejection and the closure
    path = [...MAIN.filter((s) => at.has(s) && s !== 'approved' && s !== 'settled'), 'rejected', 'closed'];
  } else {
    const recovers = at.has('recovery') || (!!c.liability && RECOVERABLE_LIABILITIES.includes(c.liability));
    path = [...MAIN, ...(recovers ? (['recovery'] as ClaimState[]) : []), 'closed'];
  }
  const reached = path.indexOf(c.state);
  const items = path.map((s, i) => {
    const status: 'finish' | 'process' | 'wait' | 'error' = s === 'rejected' && i <= reached ? 'error' : i <= reached ? 'finish' : i === reached + 1 ? 'process' : 'wait';
    return { key: s, title: t(`complaints.claims.steps.${s}`), status, content: i <= reached && at.get(s) ? formatDateTime(at.get(s)) : undefined };
  });
  return <Steps size="small" titlePlacement="vertical" items={items} data-testid="claim-steps" />;
}
