// A signature pad: draw with finger, pen or mouse (pointer events); the canvas follows its container's width.
import { Button } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Point = { x: number; y: number };
/** The largest scale of the exported PNG (keeps the data URL well under the server's limit). */
const EXPORT_SCALE = 2;

function drawStrokes(ctx: CanvasRenderingContext2D, strokes: Point[][], scale: number, width: number, height: number) {
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = '#111';
  ctx.lineWidth = 2.2;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const s of strokes) {
    if (!s.length) continue;
    ctx.beginPath();
    ctx.moveTo(s[0]!.x, s[0]!.y);
    if (s.length === 1) ctx.lineTo(s[0]!.x + 0.1, s[0]!.y + 0.1);
    for (let i = 1; i < s.length; i++) ctx.lineTo(s[i]!.x, s[i]!.y);
    ctx.stroke();
  }
}

/** Calls onChange with a PNG data URL after each stroke, and with null when cleared. */
export function SignaturePad(props: { onChange: (dataUrl: string | null) => void; height?: number }) {
  const { t } = useTranslation();
  const height = props.height ?? 180;
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Point[][]>([]);
  const drawing = useRef<number | null>(null);
  const [width, setWidth] = useState(0);
  const [empty, setEmpty] = useState(true);
  const onChange = props.onChange;

  const redraw = useCallback(() => {
    const c = canvas.current;
    if (!c || !width) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(width * dpr);
    c.height = Math.round(height * dpr);
    const ctx = c.getContext('2d');
    if (ctx) drawStrokes(ctx, strokes.current, dpr, width, height);
  }, [width, height]);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    ro.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => ro.disconnect();
  }, []);
  useEffect(redraw, [redraw]);

  const exportPng = () => {
    const out = document.createElement('canvas');
    const scale = Math.min(EXPORT_SCALE, window.devicePixelRatio || 1);
    out.width = Math.round(width * scale);
    out.height = Math.round(height * scale);
    const ctx = out.getContext('2d');
    if (!ctx) return null;
    drawStrokes(ctx, strokes.current, scale, width, height);
    return out.toDataURL('image/png');
  };

  const pointOf = (e: React.PointerEvent<HTMLCanvasElement>): Point => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const onDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current !== null) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = e.pointerId;
    strokes.current.push([pointOf(e)]);
    redraw();
  };
  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current !== e.pointerId) return;
    const stroke = strokes.current[strokes.current.length - 1]!;
    const p = pointOf(e);
    const last = stroke[stroke.length - 1]!;
    stroke.push(p);
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
  };
  const onUp = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current !== e.pointerId) return;
    drawing.current = null;
    setEmpty(false);
    onChange(exportPng());
  };
  const clear = () => {
    strokes.current = [];
    setEmpty(true);
    redraw();
    onChange(null);
  };

  return (
    <div>
      <div ref={wrap} style={{ position: 'relative', width: '100%', border: '1px dashed #bbb', borderRadius: 6, overflow: 'hidden', background: '#fff' }}>
        <canvas
          ref={canvas}
          data-testid="signature-pad"
          aria-label={t('service.orders.signHere')}
          style={{ display: 'block', width: width || '100%', height, touchAction: 'none', cursor: 'crosshair' }}
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onUp}
        />
        {empty && (
          <div style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#bbb', pointerEvents: 'none', fontSize: 18 }}>
            {t('service.orders.signHere')}
          </div>
        )}
      </div>
      <Button size="small" style={{ marginTop: 6 }} onClick={clear} data-testid="signature-clear">
        {t('service.orders.clearSignature')}
      </Button>
    </div>
  );
}
