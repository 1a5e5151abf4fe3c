// Permissions as a grouped checkbox matrix: one row per module, a select-all box per row.
import { Checkbox, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TPermissionGroup } from '@kehu/shared';

/** The label of a permission (i18next treats `:` as a namespace separator, hence `_` in the keys). */
export function usePermissionLabel() {
  const { t } = useTranslation();
  return (p: string) => t(`admin.perm.${p.replace(':', '_')}`, { defaultValue: p });
}

export function PermissionMatrix({ groups, value = [], onChange, disabled }: { groups: TPermissionGroup[]; value?: string[]; onChange?: (v: string[]) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const label = usePermissionLabel();
  const set = new Set(value);
  const emit = (next: Set<string>) => onChange?.(groups.flatMap((g) => g.permissions).filter((p) => next.has(p)));

  return (
    <div style={{ border: '1px solid #f0f0f0', borderRadius: 6 }}>
      {groups.map((g, i) => {
        const held = g.permissions.filter((p) => set.has(p)).length;
        return (
          <div key={g.module} style={{ display: 'flex', gap: 16, padding: '10px 12px', borderTop: i ? '1px solid #f0f0f0' : undefined, alignItems: 'flex-start' }}>
            <div style={{ width: 150, flex: 'none' }}>
              <Checkbox
                disabled={disabled}
                checked={held === g.permissions.length}
                indeterminate={held > 0 && held < g.permissions.length}
                onChange={(e) => {
                  const next = new Set(set);
                  for (const p of g.permissions) if (e.target.checked) next.add(p);
                  else next.delete(p);
                  emit(next);
                }}
              >
                <Typography.Text strong>{t(`admin.modules.${g.module}`, { defaultValue: g.module })}</Typography.Text>
              </Checkbox>
            </div>
            <Space wrap size={[16, 8]}>
              {g.permissions.map((p) => (
                <Checkbox
                  key={p}
                  disabled={disabled}
                  checked={set.has(p)}
                  onChange={(e) => {
                    const next = new Set(set);
                    if (e.target.checked) next.add(p);
                    else next.delete(p);
                    emit(next);
                  }}
                >
                  <span title={p}>{label(p)}</span>
                </Checkbox>
              ))}
            </Space>
          </div>
        );
      })}
    </div>
  );
}
