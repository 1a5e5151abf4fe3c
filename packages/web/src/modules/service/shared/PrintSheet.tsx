// Pieces of a printable paper form: the scaffold (print/back toolbar hidden when printing, the sheet, its title and meta line) and tick-box rows.
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import '../../customers/print.css';

export interface PrintSheetProps {
  title: ReactNode;
  /** The line under the title: `label：value` pairs spread across the sheet. */
  meta: { label: ReactNode; value: ReactNode }[];
  /** Extra class on the sheet (e.g. a contract layout). */
  className?: string;
  testId: string;
  children: ReactNode;
}

export function PrintSheet(props: PrintSheetProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="print-page">
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('common.print')}
        </Button>
        <Button onClick={() => navigate(-1)}>{t('common.back')}</Button>
      </Space>
      <div className={props.className ? `form-sheet ${props.className}` : 'form-sheet'} data-testid={props.testId}>
        <h1>{props.title}</h1>
        <div className="form-meta">
          {props.meta.map((m, i) => (
            <span key={i}>
              {m.label}：{m.value}
            </span>
          ))}
        </div>
        {props.children}
      </div>
    </div>
  );
}

/** A row of tick boxes as on a paper form: ☑ the chosen value, ☐ the others. */
export function FormBoxes({ values, chosen, label }: { values: readonly string[]; chosen: string | null | undefined; label: (v: string) => string }) {
  return (
    <span className="form-boxes">
      {values.map((v) => (
        <span key={v} style={{ marginRight: 12, whiteSpace: 'nowrap' }}>
          {v === chosen ? '☑' : '☐'} {label(v)}
        </span>
      ))}
    </span>
  );
}
