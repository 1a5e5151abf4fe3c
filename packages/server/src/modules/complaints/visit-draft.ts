// A dissatisfied return visit becomes a draft complaint (domain.md §4.3: 回访不满意 → 投诉): the complaint desk opens
// or dismisses it. Called by the service module inside the visit's transaction: the visit does not stand without its complaint.
import type { TVisitAnswers } from '@kehu/shared';
import type { Tx } from '../../db';
import type { AuditContext } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { systemPrincipal } from '../../platform/principal';
import { createComplaint } from './complaints-service';

export interface VisitFacts {
  visitId: number;
  channel: 'phone' | 'link';
  order: {
    id: number;
    code: string;
    type: string;
    customerId: number;
    unitId: number | null;
    contactName: string | null;
    contactPhone: string | null;
  };
  answers: TVisitAnswers;
}

/** What the customer told us, as one sentence for the complaint desk (stored data, in Chinese like all records). */
export function visitComplaintSentence(orderCode: string, a: TVisitAnswers): string {
  const parts = [`评分 ${a.rating}/5`, `服务态度 ${a.attitude}/5`];
  if (!a.solved) parts.push('问题未解决');
  if (!a.onTime) parts.push('未按时上门');
  if (!a.feesOk) parts.push('对收费有异议');
  if (a.misconduct) parts.push('反映有吃拿卡要');
  return `回访不满意（工单 ${orderCode}）：${parts.join('，')}`;
}

/** 吃拿卡要 or the lowest rating is more than a minor matter (§3.11 重要). */
export function visitComplaintSeverity(a: TVisitAnswers): 'minor' | 'major' {
  return a.misconduct || a.rating <= 1 ? 'major' : 'minor';
}

/**
 * Opens the draft. The order's customer, unit and order are linked; the agent who took the call is in the audit
 * context, while the draft itself is the system's (the agent needs no complaint permission to trigger it).
 */
export async function draftComplaintFromVisit(ctx: AppContext, trx: Tx, v: VisitFacts, actx: AuditContext): Promise<{ id: number; code: string }> {
  const sentence = visitComplaintSentence(v.order.code, v.answers);
  const comment = v.answers.comment?.trim();
  const customer = await trx.selectFrom('customers').select(['name', 'archived_at']).where('id', '=', v.order.customerId).executeTakeFirst();
  const created = await createComplaint(
    ctx,
    systemPrincipal(['complaints:create']),
    {
      // a customer archived since the order: the draft waits unlinked, the desk links it when classifying
      customerId: customer && !customer.archived_at ? v.order.customerId : null,
      channel: 'return_visit',
      complainantName: (v.order.contactName || customer?.name || v.order.code).slice(0, 50),
      complainantPhone: v.order.contactPhone,
      unitId: customer && !customer.archived_at ? v.order.unitId : null,
      serviceOrderId: customer && !customer.archived_at ? v.order.id : null,
      category: v.order.type === 'install' ? 'installation' : 'repair',
      severity: visitComplaintSeverity(v.answers),
      summary: sentence.slice(0, 200),
      content: comment ? `${comment}\n\n${sentence}` : sentence,
      demands: [],
    },
    actx,
    { sourceType: 'return_visit', sourceId: v.visitId, draft: true, trx },
  );
  return { id: created.id, code: created.code };
}
