// A small ECharts wrapper: init on mount, setOption on change, resize with the window.
import * as echarts from 'echarts/core';
import { useEffect, useRef } from 'react';

export function EChart(props: { option: echarts.EChartsCoreOption; style?: React.CSSProperties; onClick?: (e: { dataIndex: number }) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onClick = useRef(props.onClick);
  onClick.current = props.onClick;
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current);
    chart.current = c;
    c.on('click', (e) => onClick.current?.(e as unknown as { dataIndex: number }));
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(props.option, true);
    chart.current?.resize();
  }, [props.option, props.style?.height]);
  return <div ref={ref} style={{ width: '100%', height: 360, ...props.style }} />;
}
