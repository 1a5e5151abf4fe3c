import { describe, expect, it } from 'vitest';
import { COMPLAINT_ACTION_NAMES, COMPLAINT_STATES, complaintActionsIn } from '@kehu/shared';
import { actionFields, fillPlaceholders, isMasked, pathOf, primaryAction, quickTabOf, QUICK_TAB_FILTERS, QUICK_TABS, templateText, yuanToFen } from './complaint-logic';
import { exportUrl, serverQuery } from './api';

describe('quick tabs of the complaint list', () => {
  it('recognises each tab from the filters it sets', () => {
    for (const tab of QUICK_TABS) expect(quickTabOf(QUICK_TAB_FILTERS[tab])).toBe(tab);
  });

  it('treats no state as the open list (the default) and other combinations as no tab', () => {
    expect(quickTabOf({})).toBe('open');
    expect(quickTabOf({ state: 'closed' })).toBeNull();
    expect(quickTabOf({ state: 'draft', mine: 'true' })).toBeNull();
  });
});

describe('the list query sent to the server', () => {
  it('drops state=all and keeps every other filter', () => {
    expect(serverQuery({ page: 2, pageSize: 20, state: 'all', severity: 'major' })).toEqual({ page: 2, pageSize: 20, state: undefined, severity: 'major' });
    expect(serverQuery({ state: 'open', vip: 'true' })).toEqual({ state: 'open', vip: 'true' });
  });

  it('exports with the same filters and without paging', () => {
    expect(exportUrl({ page: 3, pageSize: 50, state: 'open', overdue: 'true', q: '张三' })).toBe('/api/v1/complaints/export.xlsx?state=open&overdue=true&q=%E5%BC%A0%E4%B8%89');
    expect(exportUrl({ page: 1, pageSize: 20, state: 'all' })).toBe('/api/v1/complaints/export.xlsx');
    // the sheet in the language the app shows, not the browser's
    expect(exportUrl({ page: 1, pageSize: 20, state: 'open' }, 'en-US')).toBe('/api/v1/complaints/export.xlsx?state=open&lang=en-US');
  });
});

describe('the fields of each action dialog', () => {
  it('has an entry for every action, with required fields among its fields', () => {
    for (const a of COMPLAINT_ACTION_NAMES) {
      const { fields, required } = actionFields(a, true);
      expect(fields).toContain('note');
      for (const r of required) expect(fields).toContain(r);
    }
  });

  it('asks for the customer when classifying a complaint without one', () => {
    expect(actionFields('classify', false).required).toEqual(['customerId', 'category', 'severity']);
    expect(actionFields('classify', true).fields).not.toContain('customerId');
  });

  it('requires a reason to confirm on behalf of the customer, to reject a solution, to reopen, escalate and dismiss', () => {
    expect(actionFields('confirm', true).required).toEqual(['confirmation', 'confirmReason']);
    expect(actionFields('reject_solution', true).required).toEqual(['note']);
    for (const a of ['reopen', 'escalate', 'dismiss'] as const) expect(actionFields(a, true).required).toEqual(['reason']);
    expect(actionFields('resolve', true).required).toEqual(['resolution']);
    expect(actionFields('assign', true).required).toEqual(['departmentId', 'ownerId']);
  });

  it('picks the step forward as the primary button, not a side action', () => {
    expect(primaryAction(complaintActionsIn('investigating'))).toBe('propose');
    expect(primaryAction(complaintActionsIn('solution_proposed'))).toBe('accept_solution');
    expect(primaryAction(['assign', 'escalate'])).toBe('assign');
    expect(primaryAction(['escalate'])).toBeUndefined();
  });
});

describe('the path of a complaint', () => {
  it('contains the current state whatever it is', () => {
    for (const s of COMPLAINT_STATES) expect(pathOf(s, false)).toContain(s);
  });

  it('goes through 无效投诉 instead of the solution steps for an invalid complaint', () => {
    const p = pathOf('return_visited', true);
    expect(p).toContain('invalid');
    expect(p).not.toContain('solution_proposed');
    expect(pathOf('dismissed', false)).toEqual(['draft', 'dismissed']);
  });
});

describe('reply templates', () => {
  const v = { customer: '张三', code: 'TS20261124-0001', handler: '李四' };

  it('fills the known placeholders and leaves others as written', () => {
    expect(fillPlaceholders('{customer}您好，投诉 {code} 由{handler}跟进；{unknown}', v)).toBe('张三您好，投诉 TS20261124-0001 由李四跟进；{unknown}');
  });

  it('puts the apology before the reply, each on its own line', () => {
    expect(templateText({ apology: '非常抱歉，{customer}。 ', reply: '我们将在今天内处理 {code}。' }, v)).toBe('非常抱歉，张三。\n我们将在今天内处理 TS20261124-0001。');
    expect(templateText({ apology: '', reply: '好的' }, v)).toBe('好的');
  });
});

describe('small conversions', () => {
  it('tells masked personal data', () => {
    expect(isMasked('138****0000')).toBe(true);
    expect(isMasked('13800000000')).toBe(false);
    expect(isMasked(null)).toBe(false);
  });

  it('turns yuan into whole fen', () => {
    expect(yuanToFen(12.34)).toBe(1234);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(null)).toBeUndefined();
  });
});
