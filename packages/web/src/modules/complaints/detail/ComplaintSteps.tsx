// The complaint's path as steps (domain.md §4.3): 受理 → 分类分级 → 分派 → 调查处理 → 方案确认 → 方案执行 → 已解决 →
// 客户确认 → 回访 → 结案; an invalid complaint goes 调查处理 → 无效投诉 → 回访 → 结案.
import { Steps } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ComplaintDetail } from '../api';
import { pathOf } from '../complaint-logic';

export function ComplaintSteps({ complaint: c }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  const wasInvalid = c.validity === 'invalid' || c.events.some((e) => e.to === 'invalid');
  const path = pathOf(c.state, wasInvalid);
  const current = Math.max(0, path.indexOf(c.state));
  const reachedAt = (s: string) => {
    const e = [...c.events].reverse().find((x) => x.to === s && x.from !== s);
    return e ? dayjs(e.at).format('MM-DD HH:mm') : undefined;
  };
  const ended = c.state === 'closed' || c.state === 'dismissed';
  const items = path.map((s, i) => {
    const status: 'finish' | 'process' | 'wait' | 'error' = s === 'dismissed' ? 'error' : i < current || (i === current && ended) ? 'finish' : i === current ? 'process' : 'wait';
    return { key: s, title: t(`complaints.main.state.${s}`), status, content: status !== 'wait' ? reachedAt(s) : undefined };
  });
  return <Steps size="small" titlePlacement="vertical" items={items} data-testid="complaint-steps" />;
}
