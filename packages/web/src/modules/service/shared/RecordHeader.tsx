// The head card of a service record's page (order, return): title with code, tags, actions with a print button, steps.
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';

export interface RecordHeaderProps {
  title: ReactNode;
  titleTestId: string;
  tags: ReactNode;
  /** Action buttons shown before the print button. */
  actions: ReactNode;
  /** Class of the action bar, e.g. 'no-print'. */
  actionsClassName?: string;
  print: { to: string; label: ReactNode; testId: string };
  steps: ReactNode;
}

export function RecordHeader(props: RecordHeaderProps) {
  const navigate = useNavigate();
  return (
    <Card style={{ marginBottom: 16 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 12 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid={props.titleTestId}>
            {props.title}
          </Typography.Title>
          <Space wrap style={{ marginTop: 8 }} size={4}>
            {props.tags}
          </Space>
        </div>
        <Space wrap className={props.actionsClassName} align="start">
          {props.actions}
          <Button icon={<PrinterOutlined />} onClick={() => navigate(props.print.to)} data-testid={props.print.testId}>
            {props.print.label}
          </Button>
        </Space>
      </div>
      <div style={{ marginTop: 20, overflowX: 'auto' }}>{props.steps}</div>
    </Card>
  );
}
