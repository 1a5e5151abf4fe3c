// 客户投诉记录 (tool 35): the head with code, state, severity, escalation level, VIP and the next deadline; the
// actions this user may take now; the record in its groups (受理 / 投诉对象 / 投诉内容 / 处理 / 结案 / 改进); the clocks;
// replies and history as a timeline; claims.
import { Alert, Card, Col, Row, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { errorText } from '../../../lib/api';
import { useCan } from '../../../lib/reference';
import { RecordHeader } from '../../service/shared/RecordHeader';
import { useComplaint, type ComplaintDetail } from '../api';
import { ComplaintDueTag, ComplaintStateTag, LevelTag, OverdueTag, SeverityTag, VipTag } from '../ComplaintTags';
import { ActionButtons } from './ActionDialog';
import { ComplaintClaims } from './ComplaintClaims';
import { ComplaintFacts } from './ComplaintFacts';
import { ComplaintSteps } from './ComplaintSteps';
import { ComplaintTimeline } from './ComplaintTimeline';
import { CorrectiveActions } from './CorrectiveActions';
import { DeadlinePanel } from './DeadlinePanel';
import { EditButton } from './EditDrawer';
import { ReplyButton } from './ReplyModal';
import { TrackingLinkButton } from './TrackingLinkButton';

export function ComplaintDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const { data: c, isLoading, error } = useComplaint(id);
  if (isLoading) return <Spin style={{ margin: 80 }} />;
  if (error || !c) return <Alert type="error" style={{ margin: 24 }} title={errorText(error)} />;
  const tab = params.get('tab') ?? 'record';

  return (
    <div className="kehu-page">
      <RecordHeader
        title={`${t('complaints.main.recordTitle')} ${c.code}`}
        titleTestId="complaint-code"
        tags={<HeaderTags complaint={c} />}
        actions={
          <>
            <ActionButtons complaint={c} />
            <ReplyButton complaint={c} />
            <EditButton complaint={c} />
            <TrackingLinkButton complaint={c} />
          </>
        }
        actionsClassName="no-print"
        print={{ to: `/complaints/${c.id}/print`, label: t('complaints.main.print'), testId: 'complaint-print' }}
        steps={<ComplaintSteps complaint={c} />}
      />
      {c.state === 'draft' && <Alert style={{ marginBottom: 16 }} type="warning" showIcon title={t('complaints.main.draftHint', { source: c.source ? t(`complaints.main.source.${c.source.type}`) : '' })} />}
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card size="small">
            <Tabs
              activeKey={tab}
              onChange={(k) => setParams({ tab: k }, { replace: true })}
              items={[
                { key: 'record', label: t('complaints.main.tabs.record'), children: <RecordGroups complaint={c} /> },
                { key: 'history', label: `${t('complaints.main.tabs.history')} (${c.events.length})`, children: <ComplaintTimeline events={c.events} /> },
                { key: 'claims', label: `${t('complaints.main.tabs.claims')} (${c.claims.length})`, children: <ComplaintClaims complaint={c} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('complaints.main.deadline.title')} style={{ marginBottom: 16 }}>
            <DeadlinePanel complaint={c} />
          </Card>
          <Card size="small" title={t('complaints.main.replies')}>
            <ComplaintTimeline events={c.events.filter((e) => e.action === 'reply')} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function HeaderTags({ complaint: c }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  return (
    <>
      <ComplaintStateTag state={c.state} />
      <SeverityTag severity={c.severity} />
      <LevelTag level={c.level} />
      {c.vip && <VipTag />}
      {c.overdue && <OverdueTag />}
      <Tag>{t(`complaints.main.channel.${c.channel}`)}</Tag>
      {c.reopenCount > 0 && <Tag color="volcano">{t('complaints.main.reopened', { n: c.reopenCount })}</Tag>}
      {c.due.next && (
        <Space size={4}>
          <Typography.Text type="secondary">{t('complaints.main.nextDue')}</Typography.Text>
          <ComplaintDueTag due={c.due.next} kind={c.due.nextKind} warnAt={c.due.warnAt} />
        </Space>
      )}
    </>
  );
}

function RecordGroups({ complaint: c }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {(['intake', 'object', 'content', 'handling', 'closure'] as const).map((g) => (
        <div key={g}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t(`complaints.main.group.${g}`)}
          </Typography.Title>
          <ComplaintFacts complaint={c} group={g} />
        </div>
      ))}
      <div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('complaints.main.group.improvement')}
        </Typography.Title>
        {/* improvement goes on after closure (the analysis of §4.3), by anyone who handles complaints */}
        <CorrectiveActions complaint={c} editable={c.canCorrect} />
      </div>
    </Space>
  );
}

