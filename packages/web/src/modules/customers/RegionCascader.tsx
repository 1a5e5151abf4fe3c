import { Cascader } from 'antd';
import { useRegions, type RegionNode } from '../../lib/reference';

/** Province / city / district picker over the national division codes; value is [province, city?, district?]. */
export function RegionCascader(props: { value?: string[]; onChange?: (v: string[]) => void; placeholder?: string }) {
  const regions = useRegions().data ?? [];
  const toOptions = (nodes: RegionNode[]): object[] => nodes.map((n) => ({ value: n.code, label: n.name, children: n.children?.length ? toOptions(n.children) : undefined }));
  return (
    <Cascader
      options={toOptions(regions) as never}
      value={props.value}
      onChange={(v) => props.onChange?.((v ?? []) as string[])}
      changeOnSelect
      showSearch={{ filter: (input, path) => path.some((o) => String((o as { label: string }).label).includes(input)) }}
      placeholder={props.placeholder}
      style={{ width: '100%' }}
    />
  );
}

export function regionToFields(v: string[] | undefined) {
  return { provinceCode: v?.[0], cityCode: v?.[1] ?? null, districtCode: v?.[2] ?? null };
}
