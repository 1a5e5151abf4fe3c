import { describe, expect, it } from 'vitest';
import { formatMessage, messages } from './errors';

describe('formatMessage', () => {
  it('fills named placeholders in the chosen language', () => {
    expect(formatMessage('notice.visit_task.title', 'zh-CN', { code: 'FW2025000001' })).toBe('回访任务：FW2025000001');
    expect(formatMessage('notice.visit_task.title', 'en-US', { code: 'FW2025000001' })).toBe('Return visit due: FW2025000001');
    expect(formatMessage('notice.low_stock.body', 'zh-CN', { available: 2, unit: '个', min: 5, onHand: 3, reserved: 1 })).toBe(
      '可用 2 个，最低库存 5 个（在库 3，已预留 1）',
    );
  });

  it('renders a message parameter in the same language, and lists the way of the language', () => {
    const params = { code: 'FW1', kind: { key: 'notice.due_kind.fix' }, due: '11-23 10:30' };
    expect(formatMessage('notice.sla_breach.body', 'zh-CN', params)).toBe('修复时限 11-23 10:30 已过，已自动升级');
    expect(formatMessage('notice.sla_breach.body', 'en-US', params)).toBe('The repair deadline 11-23 10:30 has passed; the order was escalated automatically');
    expect(formatMessage('notice.sla_breach_more.body', 'zh-CN', { codes: ['A1', 'A2'], more: '' })).toBe('A1、A2');
    expect(formatMessage('notice.sla_breach_more.body', 'en-US', { codes: ['A1', 'A2'], more: ' …' })).toBe('A1, A2 …');
  });

  it('keeps a placeholder without a parameter, fills null as empty and does not re-scan filled values', () => {
    expect(formatMessage('notice.sla_warning.body', 'zh-CN', { kind: null })).toBe('时限 {due} 到期');
    expect(formatMessage('notice.visit_task.title', 'en-US', { code: '{due}' })).toBe('Return visit due: {due}');
    expect(formatMessage('no.such.key', 'zh-CN', {})).toBeUndefined();
    // an unknown nested key shows the key rather than nothing
    expect(formatMessage('notice.sla_warning.body', 'en-US', { kind: { key: 'notice.due_kind.nope' }, due: 'x' })).toBe('The notice.due_kind.nope deadline is x');
  });

  it('every notice text exists in both languages with the same placeholders', () => {
    const keys = Object.keys(messages).filter((k) => k.startsWith('notice.'));
    expect(keys.length).toBeGreaterThan(20);
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of keys) {
      expect(messages[k]['zh-CN'], k).toBeTruthy();
      expect(messages[k]['en-US'], k).toBeTruthy();
      expect(names(messages[k]['en-US']), k).toEqual(names(messages[k]['zh-CN']));
    }
  });
});

describe('message tables', () => {
  it('the complaint texts never replace a text of another module', async () => {
    const { serviceMessages } = await import('./service-messages');
    const { complaintMessages } = await import('./complaints-messages');
    expect(Object.keys(complaintMessages).filter((k) => k in serviceMessages)).toEqual([]);
  });
});
