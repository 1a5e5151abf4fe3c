import { describe, expect, it } from 'vitest';
import { dueLevel, pathOf } from './order-logic';

describe('dueLevel', () => {
  const start = '2026-03-02T00:00:00Z';
  const due = '2026-03-02T10:00:00Z';
  const at = (iso: string) => Date.parse(iso);

  it('is ok before the warning share, warn inside it, overdue from the deadline on', () => {
    expect(dueLevel(due, at('2026-03-02T07:59:00Z'), { start })).toBe('ok');
    expect(dueLevel(due, at('2026-03-02T08:00:00Z'), { start })).toBe('warn');
    expect(dueLevel(due, at('2026-03-02T09:59:00Z'), { start })).toBe('warn');
    expect(dueLevel(due, at('2026-03-02T10:00:00Z'), { start })).toBe('overdue');
  });

  it('uses the warning percent given, and the server’s warnAt over both', () => {
    expect(dueLevel(due, at('2026-03-02T05:30:00Z'), { start, warnPercent: 50 })).toBe('warn');
    expect(dueLevel(due, at('2026-03-02T05:30:00Z'), { start, warnAt: '2026-03-02T09:00:00Z' })).toBe('ok');
    expect(dueLevel(due, at('2026-03-02T09:00:00Z'), { start, warnAt: '2026-03-02T09:00:00Z' })).toBe('warn');
  });

  it('without a start or warnAt only tells overdue from not', () => {
    expect(dueLevel(due, at('2026-03-02T09:59:00Z'))).toBe('ok');
    expect(dueLevel(due, at('2026-03-02T11:00:00Z'))).toBe('overdue');
  });
});

describe('pathOf', () => {
  it('gives each mode its path', () => {
    expect(pathOf('onsite', [])).toEqual(['received', 'dispatched', 'scheduled', 'en_route', 'on_site', 'in_service', 'completed', 'return_visited', 'evaluated', 'closed']);
    expect(pathOf('carry_in', [])).toEqual(['received', 'checked_in', 'in_service', 'ready', 'completed', 'return_visited', 'evaluated', 'closed']);
    expect(pathOf('remote', [])).toEqual(['received', 'remote_support', 'completed', 'return_visited', 'evaluated', 'closed']);
  });

  it('places a detour after the state it came from; waiting for parts stays on 处理中', () => {
    expect(pathOf('remote', ['received', 'remote_support', 'dispatched', 'scheduled']).slice(0, 5)).toEqual(['received', 'remote_support', 'dispatched', 'scheduled', 'completed']);
    expect(pathOf('pickup', ['received', 'dispatched', 'checked_in', 'in_service', 'waiting_parts', 'in_service']).slice(0, 4)).toEqual(['received', 'dispatched', 'checked_in', 'scheduled']);
    expect(pathOf('onsite', ['received', 'dispatched', 'in_service', 'waiting_parts'])).toHaveLength(10);
    expect(pathOf('onsite', ['received', 'cancelled'])).toHaveLength(10);
  });
});
