import { describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/permissions';
import { returnActionsFor } from './returns-service';

const principal = (permissions: string[]): Principal => ({
  userId: 1,
  username: 'u',
  displayName: 'u',
  orgUnitId: null,
  departmentUnitIds: [],
  teamUnitIds: [],
  permissions: new Set(permissions),
  scopes: { customers: 'all', service: 'all' },
  roles: [],
  mustChangePassword: false,
  via: 'session',
});

describe('the actions a return offers', () => {
  it('offers the hand-over to a repair order only to those who may also take service requests', () => {
    expect(returnActionsFor(principal(['service:read', 'service:dispatch', 'service:create']), { state: 'inspected' })).toContain('repair');
    const noCreate = returnActionsFor(principal(['service:read', 'service:dispatch']), { state: 'inspected' });
    expect(noCreate).not.toContain('repair');
    expect(noCreate).toEqual(expect.arrayContaining(['refund', 'exchange']));
    expect(returnActionsFor(principal(['service:read', 'service:create']), { state: 'inspected' })).toEqual([]);
  });
});
