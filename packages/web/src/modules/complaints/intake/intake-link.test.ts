import { describe, expect, it } from 'vitest';
import { complaintIntakePath, readIntakePreset } from './intake-link';

describe('the prefilled intake address', () => {
  it('carries what is known and reads back as initial form values', () => {
    const path = complaintIntakePath({ customerId: 7, unitId: 12, serviceOrderId: null, orderNo: 'SO-1', content: '退换货申请 TH20261123-0001 被拒绝 & 客户不服' });
    expect(path.startsWith('/complaints/new?customerId=7&unitId=12&orderNo=SO-1&content=')).toBe(true);
    const params = new URL(path, 'http://x').searchParams;
    expect(params.get('customerId')).toBe('7');
    expect(params.has('serviceOrderId')).toBe(false);
    expect(readIntakePreset(params)).toEqual({ unitId: 12, serviceOrderId: undefined, orderNo: 'SO-1', content: '退换货申请 TH20261123-0001 被拒绝 & 客户不服' });
  });

  it('cuts a long text and ignores ids that are not positive integers', () => {
    const path = complaintIntakePath({ customerId: 1, content: '长'.repeat(5000) });
    expect(new URL(path, 'http://x').searchParams.get('content')).toHaveLength(1000);
    expect(complaintIntakePath({})).toBe('/complaints/new');
    expect(readIntakePreset(new URLSearchParams('unitId=abc&serviceOrderId=-3&orderNo=%20%20&content='))).toEqual({ unitId: undefined, serviceOrderId: undefined, orderNo: undefined, content: undefined });
    expect(readIntakePreset(new URLSearchParams('serviceOrderId=1.5')).serviceOrderId).toBeUndefined();
  });
});
