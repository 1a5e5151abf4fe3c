// Demo complaints at every stage of the life cycle, through the same functions the web app uses: taken in by the
// call-centre agents, classified, assigned to the customer-service department, some resolved and closed, one
// escalated, one invalid. Backdated receipt times make the daily report and the analysis show something.
import type { TComplaintCreate, TComplaintTransition } from '@kehu/shared';
import type { AuditContext } from '../platform/audit';
import type { AppContext } from '../platform/context';
import type { Principal } from '../platform/permissions';
import { createComplaint, transition } from '../modules/complaints/complaints-service';
import { int, pick, type Rng } from './fake';

const CASES: { category: string; severity: 'minor' | 'major' | 'critical'; content: string; demands: TComplaintCreate['demands']; cause: string; solution: string }[] = [
  { category: 'installation', severity: 'minor', content: '师傅安装空调后外机支架松动，噪音很大，要求重新安装。', demands: ['repair'], cause: 'service_failure', solution: '免费上门重新加固外机支架' },
  { category: 'quality', severity: 'major', content: '新买的冰箱不到一个月就不制冷了，已经坏了两次，要求换货。', demands: ['exchange'], cause: 'product_defect', solution: '按三包规定办理换货' },
  { category: 'attitude', severity: 'minor', content: '打了三次客服电话，接线员态度冷淡，问题一直没人管。', demands: ['apology', 'explanation'], cause: 'communication', solution: '主管致电道歉并说明处理进度' },
  { category: 'timeliness', severity: 'major', content: '约好上午上门维修，等了一整天师傅都没来，也没人通知。', demands: ['apology', 'compensation'], cause: 'service_failure', solution: '道歉并减免本次上门费' },
  { category: 'price', severity: 'minor', content: '维修收费比网上公布的标准高，要求解释并退还多收的费用。', demands: ['explanation', 'return'], cause: 'communication', solution: '核对收费标准，退还多收的 80 元' },
  { category: 'delivery', severity: 'minor', content: '订单承诺三天到货，已经过了一周还没发货。', demands: ['explanation'], cause: 'process', solution: '加急发货并赠送延保一年' },
  { category: 'repair', severity: 'major', content: '洗衣机修过以后又漏水，同一个问题修了两次还没好。', demands: ['repair', 'exchange'], cause: 'service_failure', solution: '更换整机并由技术主管跟进' },
  { category: 'quality', severity: 'critical', content: '热水器使用中漏电，家人被电了一下，要求彻查并赔偿。', demands: ['compensation', 'return'], cause: 'product_defect', solution: '立即停用召回，退货并承担体检费用' },
  { category: 'billing', severity: 'minor', content: '发票抬头开错了，联系了几次都没重开。', demands: ['other'], cause: 'process', solution: '当日重开发票并快递寄出' },
  { category: 'performance', severity: 'minor', content: '空调制热效果达不到宣传的标准，房间温度上不去。', demands: ['explanation', 'repair'], cause: 'expectation', solution: '上门检测并说明使用环境要求' },
];

const NAMES = ['王先生', '李女士', '张经理', '刘先生', '陈女士', '杨总', '赵先生', '黄女士'];

/** Creates about `n` complaints; returns how many. */
export async function seedComplaints(ctx: AppContext, r: Rng, p: Principal, actx: AuditContext, n: number, handlers: { ownerId: number; departmentId: number }[]): Promise<number> {
  const customers = await ctx.db.selectFrom('customers').select(['id', 'name', 'phone']).where('archived_at', 'is', null).orderBy('id').limit(200).execute();
  if (!customers.length || !handlers.length) return 0;
  const clock = ctx.clock;
  const realNow = clock.now();
  let made = 0;
  for (let i = 0; i < n; i++) {
    const k = CASES[i % CASES.length]!;
    const cu = pick(r, customers);
    // how far this one got: a third still open at various steps, the rest resolved and most of those closed
    const stage = i % 9;
    // the finished ones came in up to three weeks ago, the open ones in the last two days
    const receivedAt = new Date(realNow.getTime() - (stage >= 5 ? int(r, 1, 20) : int(r, 0, 1)) * 86_400_000 - int(r, 0, 6) * 3_600_000);
    const input: TComplaintCreate = {
      customerId: cu.id,
      channel: pick(r, ['phone', 'call_center', 'email', 'web', 'dealer', 'visit'] as const),
      complainantName: pick(r, NAMES),
      complainantPhone: cu.phone,
      complainantEmail: null,
      receivedAt: receivedAt.toISOString(),
      category: k.category,
      severity: k.severity,
      content: k.content,
      demands: k.demands,
      temperament: r() < 0.3 ? pick(r, ['irritable', 'talkative', 'intellectual'] as const) : null,
    };
    const { id } = await createComplaint(ctx, p, input, actx);
    made++;
    const h = handlers[i % handlers.length]!;
    let version = 1;
    const step = async (body: Omit<TComplaintTransition, 'version'>) => {
      const c = await transition(ctx, p, id, { ...body, version } as TComplaintTransition, actx);
      version = c.version;
    };
    if (stage === 0) continue;
    await step({ action: 'classify', category: k.category, severity: k.severity });
    if (stage === 1) continue;
    await step({ action: 'assign', departmentId: h.departmentId, ownerId: h.ownerId });
    if (stage === 2) {
      await step({ action: 'escalate', reason: '客户要求主管处理' });
      continue;
    }
    await step({ action: 'accept' });
    if (stage === 3) continue;
    if (stage === 4 && k.category === 'performance') {
      await step({ action: 'invalidate', invalidReason: '属使用环境原因，已向客户说明正确使用方法', rootCause: 'misuse' });
      await step({ action: 'visit', visitResult: '客户接受解释', visitRating: 4, wonBack: true });
      await step({ action: 'close' });
      continue;
    }
    await step({ action: 'propose', solutionKind: k.demands.includes('exchange') ? 'exchange' : k.demands.includes('repair') ? 'repair' : 'apology', solution: k.solution, rootCause: k.cause });
    if (stage === 4) continue;
    await step({ action: 'accept_solution' });
    await step({ action: 'resolve', resolution: `${k.solution}，已完成`, compensationFen: k.demands.includes('compensation') ? 20000 : 0 });
    if (stage === 5) continue;
    await step({ action: 'confirm', confirmation: r() < 0.8 ? 'satisfied' : 'basic', confirmReason: '客户电话确认' });
    if (stage === 6) continue;
    await step({ action: 'visit', visitResult: '回访客户，对处理结果满意', visitRating: int(r, 3, 5), wonBack: true });
    await step({ action: 'close' });
  }
  return made;
}
