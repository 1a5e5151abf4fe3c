import { Modal, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export interface DuplicateMatch {
  id: number;
  code: string;
  name: string;
  reasons: ('creditCode' | 'phone' | 'name')[];
}

export function DuplicateModal(props: { matches: DuplicateMatch[] | null; onCancel: () => void; onConfirm: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={!!props.matches} title={t('customer.duplicate.title')} onCancel={props.onCancel} onOk={props.onConfirm} okText={t('customer.duplicate.createAnyway')} cancelText={t('common.cancel')}>
      <Typography.Paragraph>{t('customer.duplicate.body')}</Typography.Paragraph>
      <List
        dataSource={props.matches ?? []}
        renderItem={(m) => (
          <List.Item>
            <Link to={`/customers/${m.id}`} target="_blank">
              {m.code} {m.name}
            </Link>
            <span>
              {m.reasons.map((r) => (
                <Tag color="orange" key={r}>
                  {t(`customer.duplicate.reasons.${r}`)}
                </Tag>
              ))}
            </span>
          </List.Item>
        )}
      />
    </Modal>
  );
}
