// One evaluation run: the indicator tree with a result per item (live score and star level while a draft), special
// deductions and the single special bonus, internal KPIs as evidence hints, finalisation and the action items.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ITEM_RESULTS, scoreEvaluation, type TEvaluationAction, type TIndicator, type TItemResult, type TRun, type TScoreItem, type TSpecialInput } from '@kehu/shared';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useCan, useUserOptions } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { evaluationApi, evaluationKeys, useEvaluationMutation, usePeriodKpis, useRun, useRunEvidence } from './api';
import { StarTag } from './StarTag';

interface ResultState {
  result: TItemResult | null;
  ratio: number | null;
  evidence: string | null;
}

type Row = Omit<TIndicator, 'children'> & { children?: Row[] };
const rows = (list: TIndicator[]): Row[] => list.map((n) => ({ ...n, children: n.children.length ? rows(n.children) : undefined }));

function leaves(list: readonly TIndicator[]): TIndicator[] {
  return list.flatMap((n) => (n.level > 1 && n.leaf ? [n] : leaves(n.children)));
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

export function RunPage() {
  const { id } = useParams();
  const runId = Number(id);
  const { data: run } = useRun(runId);
  if (!run) return <div className="kehu-page" />;
  return <RunView key={`${run.id}-${run.version}`} run={run} />;
}

function RunView({ run }: { run: TRun }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const showError = useShowError();
  const navigate = useNavigate();
  const users = useUserOptions();
  const editable = run.state === 'draft' && !run.archivedAt && can('service:kpi');
  const [results, setResults] = useState<Map<number, ResultState>>(() => new Map(run.results.map((r) => [r.indicatorId, { result: r.result, ratio: r.ratio, evidence: r.evidence }])));
  const [specials, setSpecials] = useState<TSpecialInput[]>(() => run.specials.map((s) => ({ kind: s.kind, reason: s.reason, indicatorId: s.indicatorId })));
  const [dirty, setDirty] = useState(false);
  const [finalising, setFinalising] = useState(false);
  const [finalForm] = Form.useForm<{ ownerId?: number; due: Dayjs }>();
  const kpis = usePeriodKpis(run.periodFrom, run.periodTo);
  const evidence = useRunEvidence(run.id);
  const save = useEvaluationMutation((body: Parameters<typeof evaluationApi.updateRun>[1]) => evaluationApi.updateRun(run.id, body), [evaluationKeys.runs]);
  const finalise = useEvaluationMutation((v: { ownerId?: number; due: string }) => evaluationApi.finaliseRun(run.id, { version: run.version, actionOwnerId: v.ownerId ?? null, actionDueDate: v.due }), [evaluationKeys.runs]);
  const discard = useEvaluationMutation(() => evaluationApi.archiveRun(run.id, run.version), [evaluationKeys.runs]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const tree = run.schemeDetail.indicators;
  const leafList = useMemo(() => leaves(tree), [tree]);
  const items = (list: TIndicator[]): TScoreItem[] => list.map((l) => ({ points: l.points, result: results.get(l.id)?.result ?? null, ratio: results.get(l.id)?.ratio ?? null }));
  // the same function as the server: the live score of a draft equals what finalising stores
  const live = useMemo(() => {
    try {
      return scoreEvaluation(items(leafList), specials);
    } catch {
      return null;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [results, specials, leafList]);
  const score = editable ? live : run.scoreDetail;
  const groupScore = (g: TIndicator) => (editable ? scoreEvaluation(items(leaves([g])), []) : run.groups.find((x) => x.indicatorId === g.id)?.score);
  const bonusCount = specials.filter((s) => s.kind === 'bonus').length;

  const setResult = (indicatorId: number, patch: Partial<ResultState>) => {
    setResults((m) => {
      const next = new Map(m);
      const cur = next.get(indicatorId) ?? { result: null, ratio: null, evidence: null };
      const merged = { ...cur, ...patch };
      if (merged.result !== 'partial') merged.ratio = null;
      else if (merged.ratio === null) merged.ratio = 0.5;
      next.set(indicatorId, merged);
      return next;
    });
    setDirty(true);
  };

  const onSave = async () => {
    try {
      await save.mutateAsync({
        version: run.version,
        results: leafList.map((l) => {
          const r = results.get(l.id);
          return { indicatorId: l.id, result: r?.result ?? null, ratio: r?.result === 'partial' ? r.ratio : null, evidence: r?.evidence || null };
        }),
        specials: specials.map((s) => ({ ...s, reason: s.reason.trim() })),
      });
      setDirty(false);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  const onFinalise = async () => {
    const v = await finalForm.validateFields();
    try {
      await finalise.mutateAsync({ ownerId: v.ownerId, due: v.due.format('YYYY-MM-DD') });
      setFinalising(false);
      message.success(t('service.evaluation.finalised'));
    } catch (e) {
      showError(e, finalForm);
    }
  };

  const kpiTotal = kpis.data?.total;
  const hint = (kind: TIndicator['evidence']) => {
    if (kind === 'repair' && kpiTotal) {
      return [
        t('service.evaluation.kpiCompleted', { n: kpiTotal.completed }),
        t('service.evaluation.kpiFtf', { v: pct(kpiTotal.firstTimeFixRate) }),
        t('service.evaluation.kpiOnTime', { v: pct(kpiTotal.onTimeArrivalRate) }),
        t('service.evaluation.kpiRepeat', { v: pct(kpiTotal.repeatRate) }),
        t('service.evaluation.kpiHours', { v: kpiTotal.meanRepairHours ?? '—' }),
      ].join(' · ');
    }
    if (kind === 'complaint' && (kpiTotal || evidence.data)) {
      const c = evidence.data?.complaints;
      return [
        ...(c
          ? [
              t('service.evaluation.complaintReceived', { n: c.received, valid: c.valid }),
              t('service.evaluation.complaintOnTime', { v: pct(c.onTimeRate), closed: c.closed }),
              t('service.evaluation.complaintConfirmed', { v: pct(c.confirmedRate) }),
              t('service.evaluation.complaintReopen', { v: pct(c.reopenRate) }),
            ]
          : []),
        ...(kpiTotal ? [t('service.evaluation.kpiSatisfied', { v: pct(kpiTotal.satisfiedRate) }), t('service.evaluation.kpiDissatisfied', { n: kpiTotal.dissatisfiedVisits })] : []),
      ].join(' · ');
    }
    if (kind === 'supervision' && evidence.data) {
      const s = evidence.data.supervision;
      return t('service.evaluation.supervisionHint', { r: s.rewards, rp: s.rewardPoints, p: s.penalties, pp: s.penaltyPoints, m: s.manual });
    }
    return null;
  };

  const indicatorOptions = leafList.map((l) => ({ value: l.id, label: [l.clause, l.name].filter(Boolean).join(' ') }));

  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {run.code} {run.title}
        </Typography.Title>
        <Tag color={run.state === 'final' ? 'green' : 'default'} style={{ marginLeft: 8 }}>
          {run.archivedAt ? t('admin.archivedTag') : t(`service.evaluation.states.${run.state}`)}
        </Tag>
        <Space style={{ marginLeft: 'auto' }}>
          <Button onClick={() => navigate('/service/evaluation/runs')}>{t('common.back')}</Button>
          {editable && (
            <>
              <Popconfirm
                title={t('service.evaluation.discardConfirm')}
                onConfirm={async () => {
                  try {
                    await discard.mutateAsync(undefined);
                    navigate('/service/evaluation/runs');
                  } catch (e) {
                    showError(e);
                  }
                }}
              >
                <Button danger>{t('service.evaluation.discard')}</Button>
              </Popconfirm>
              <Button onClick={() => void onSave()} loading={save.isPending} type={dirty ? 'primary' : 'default'}>
                {t('service.evaluation.saveDraft')}
              </Button>
              <Button type="primary" disabled={dirty || !score || score.unassessed > 0 || score.score === null} onClick={() => setFinalising(true)}>
                {t('service.evaluation.finalise')}
              </Button>
            </>
          )}
        </Space>
      </div>
      {run.schemeDetail.provisional && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('service.evaluation.provisionalWarning')} />}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('service.evaluation.assessedOn')}>{formatDate(run.assessedOn)}</Descriptions.Item>
              <Descriptions.Item label={t('service.evaluation.period')}>
                {formatDate(run.periodFrom)} – {formatDate(run.periodTo)}
              </Descriptions.Item>
              <Descriptions.Item label={t('service.evaluation.assessors')}>{run.assessors.join('、')}</Descriptions.Item>
              <Descriptions.Item label={t('service.evaluation.scheme')}>
                {run.scheme.name} · {t('service.evaluation.revision', { n: run.scheme.revision })}
              </Descriptions.Item>
              <Descriptions.Item label={t('service.evaluation.scope')} span={2}>
                {run.scope ?? '—'}
              </Descriptions.Item>
              {run.finalisedAt && <Descriptions.Item label={t('service.evaluation.finalised')}>{formatDateTime(run.finalisedAt)}</Descriptions.Item>}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" style={{ marginBottom: 12 }} title={editable ? t('service.evaluation.liveScore') : t('service.evaluation.score')}>
            <Space size="large" align="start" wrap>
              <Statistic value={score?.score ?? '—'} precision={score?.score === null ? undefined : 1} />
              <div style={{ paddingTop: 8 }}>
                <StarTag star={score?.star ?? null} />
              </div>
            </Space>
            <Descriptions size="small" column={2} style={{ marginTop: 8 }}>
              <Descriptions.Item label={t('service.evaluation.applicable')}>{score?.applicablePoints ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('service.evaluation.actual')}>{score?.actualPoints ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('service.evaluation.indicatorScore')}>{score?.indicatorScore ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={`${t('service.evaluation.deductions')} / ${t('service.evaluation.bonus')}`}>{score ? `−${score.deductions} / +${score.bonus}` : '—'}</Descriptions.Item>
            </Descriptions>
            {score && score.unassessed > 0 && <Alert type="info" showIcon title={t('service.evaluation.unassessed', { n: score.unassessed })} />}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              {t('service.evaluation.scoreFormula')}
              <br />
              {t('service.evaluation.starHint')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>

      <Table<Row>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows(tree)}
        expandable={{ defaultExpandAllRows: true }}
        scroll={{ x: 1100 }}
        columns={[
          {
            title: t('service.evaluation.indicator'),
            key: 'name',
            width: 300,
            render: (_, r) => (
              <div>
                <span style={{ fontWeight: r.level === 1 ? 600 : undefined }}>{[r.clause, r.name].filter(Boolean).join(' ')}</span>
                {r.requirement && (
                  <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 2, expandable: true }}>
                    {r.requirement}
                  </Typography.Paragraph>
                )}
                {r.evidence && hint(r.evidence) && (
                  <div style={{ fontSize: 12, marginTop: 2 }}>
                    <Tag color="geekblue">{t(`service.evaluation.evidenceKinds.${r.evidence}`)}</Tag>
                    <Typography.Text type="secondary">{hint(r.evidence)}</Typography.Text>
                  </div>
                )}
              </div>
            ),
          },
          { title: t('service.evaluation.points'), dataIndex: 'points', width: 60, align: 'right' },
          { title: t('service.evaluation.method'), dataIndex: 'method', width: 80, render: (v: string | null) => (v ? t(`service.evaluation.methods.${v}`) : '') },
          {
            title: t('service.evaluation.result'),
            key: 'result',
            width: 250,
            render: (_, r) => {
              if (r.level === 1) {
                const s = groupScore(r as TIndicator);
                return s?.indicatorScore !== null && s?.indicatorScore !== undefined ? <b>{s.indicatorScore.toFixed(1)}</b> : null;
              }
              if (!r.leaf) return null;
              const cur = results.get(r.id);
              if (!editable) {
                return cur?.result ? (
                  <Space>
                    <Tag color={cur.result === 'conform' ? 'green' : cur.result === 'nonconform' ? 'red' : cur.result === 'partial' ? 'orange' : 'default'}>{t(`service.evaluation.results.${cur.result}`)}</Tag>
                    {cur.result === 'partial' && pct(cur.ratio)}
                  </Space>
                ) : (
                  '—'
                );
              }
              return (
                <Space>
                  <Select<TItemResult>
                    style={{ width: 130 }}
                    placeholder={t('service.evaluation.result')}
                    value={cur?.result ?? undefined}
                    allowClear
                    onChange={(v) => setResult(r.id, { result: v ?? null })}
                    options={ITEM_RESULTS.map((x) => ({ value: x, label: t(`service.evaluation.results.${x}`) }))}
                  />
                  {cur?.result === 'partial' && (
                    <InputNumber
                      style={{ width: 90 }}
                      min={0}
                      max={100}
                      precision={1}
                      addonAfter="%"
                      aria-label={t('service.evaluation.ratio')}
                      value={cur.ratio === null ? null : Math.round(cur.ratio * 1000) / 10}
                      onChange={(v) => setResult(r.id, { ratio: v === null ? 0 : Math.round(Number(v) * 10) / 1000 })}
                    />
                  )}
                </Space>
              );
            },
          },
          {
            title: t('service.evaluation.evidenceNote'),
            key: 'evidence',
            render: (_, r) =>
              r.leaf && r.level > 1 ? (
                editable ? (
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={2000} value={results.get(r.id)?.evidence ?? ''} onChange={(e) => setResult(r.id, { evidence: e.target.value })} />
                ) : (
                  <Typography.Text type="secondary">{results.get(r.id)?.evidence ?? ''}</Typography.Text>
                )
              ) : null,
          },
        ]}
      />

      <Card size="small" title={t('service.evaluation.specials')} style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('service.evaluation.specialsHint')}
        </Typography.Paragraph>
        {specials.map((s, i) => (
          <Row gutter={8} key={i} style={{ marginBottom: 8 }} align="middle">
            <Col flex="90px">
              <Tag color={s.kind === 'bonus' ? 'green' : 'red'}>{s.kind === 'bonus' ? `+1 ${t('service.evaluation.bonus')}` : `−1 ${t('service.evaluation.deductions')}`}</Tag>
            </Col>
            <Col flex="auto">
              <Input
                disabled={!editable}
                maxLength={500}
                placeholder={t('service.evaluation.specialReason')}
                value={s.reason}
                status={editable && !s.reason.trim() ? 'error' : undefined}
                onChange={(e) => {
                  setSpecials(specials.map((x, j) => (j === i ? { ...x, reason: e.target.value } : x)));
                  setDirty(true);
                }}
              />
            </Col>
            <Col flex="260px">
              <Select
                allowClear
                disabled={!editable}
                style={{ width: '100%' }}
                placeholder={t('service.evaluation.relatedIndicator')}
                value={s.indicatorId ?? undefined}
                options={indicatorOptions}
                onChange={(v) => {
                  setSpecials(specials.map((x, j) => (j === i ? { ...x, indicatorId: v ?? null } : x)));
                  setDirty(true);
                }}
              />
            </Col>
            {editable && (
              <Col flex="40px">
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  onClick={() => {
                    setSpecials(specials.filter((_, j) => j !== i));
                    setDirty(true);
                  }}
                />
              </Col>
            )}
          </Row>
        ))}
        {editable && (
          <Space>
            <Button
              icon={<PlusOutlined />}
              onClick={() => {
                setSpecials([...specials, { kind: 'deduction', reason: '', indicatorId: null }]);
                setDirty(true);
              }}
            >
              {t('service.evaluation.addDeduction')}
            </Button>
            <Button
              icon={<PlusOutlined />}
              disabled={bonusCount >= 1}
              title={bonusCount >= 1 ? t('service.evaluation.bonusOnlyOne') : undefined}
              onClick={() => {
                setSpecials([...specials, { kind: 'bonus', reason: '', indicatorId: null }]);
                setDirty(true);
              }}
            >
              {t('service.evaluation.addBonus')}
            </Button>
            {bonusCount >= 1 && <Typography.Text type="secondary">{t('service.evaluation.bonusOnlyOne')}</Typography.Text>}
          </Space>
        )}
      </Card>

      {run.state === 'final' && <ActionItems run={run} users={users.data ?? []} />}

      <Modal open={finalising} title={t('service.evaluation.finaliseTitle')} onCancel={() => setFinalising(false)} onOk={() => void onFinalise()} confirmLoading={finalise.isPending} okText={t('service.evaluation.finalise')}>
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('service.evaluation.finaliseHint')} />
        <Form form={finalForm} layout="vertical" initialValues={{ due: dayjs(run.assessedOn).add(30, 'day') }}>
          <Form.Item name="ownerId" label={t('service.evaluation.actionOwner')}>
            <Select allowClear showSearch optionFilterProp="label" options={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))} />
          </Form.Item>
          <Form.Item name="due" label={t('service.evaluation.actionDue')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

function ActionItems({ run, users }: { run: TRun; users: { id: number; displayName: string }[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const showError = useShowError();
  const update = useEvaluationMutation((v: { a: TEvaluationAction; patch: Record<string, unknown> }) => evaluationApi.updateAction(v.a.id, { version: v.a.version, ...v.patch }), [evaluationKeys.runs]);
  const writable = can('service:kpi');
  const change = async (a: TEvaluationAction, patch: Record<string, unknown>) => {
    try {
      await update.mutateAsync({ a, patch });
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card size="small" title={t('service.evaluation.actions')} style={{ marginTop: 16 }}>
      <Table<TEvaluationAction>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={run.actions}
        locale={{ emptyText: t('service.evaluation.noActions') }}
        columns={[
          { title: t('service.evaluation.actionTitle'), dataIndex: 'title', render: (v: string, a) => <Space><Tag>{t(`service.evaluation.actionKinds.${a.specialId ? 'special' : 'indicator'}`)}</Tag>{v}</Space> },
          {
            title: t('service.evaluation.owner'),
            key: 'owner',
            width: 180,
            render: (_, a) =>
              writable ? (
                <Select allowClear showSearch optionFilterProp="label" style={{ width: '100%' }} value={a.owner?.id} onChange={(v) => void change(a, { ownerId: v ?? null })} options={users.map((u) => ({ value: u.id, label: u.displayName }))} />
              ) : (
                (a.owner?.name ?? '—')
              ),
          },
          {
            title: t('service.evaluation.dueDate'),
            dataIndex: 'dueDate',
            width: 150,
            render: (v: string, a) => (writable ? <DatePicker allowClear={false} value={dayjs(v)} onChange={(d) => d && void change(a, { dueDate: d.format('YYYY-MM-DD') })} /> : formatDate(v)),
          },
          {
            title: t('service.evaluation.actionNote'),
            dataIndex: 'note',
            render: (v: string | null, a) => (writable ? <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} defaultValue={v ?? ''} maxLength={1000} onBlur={(e) => e.target.value !== (v ?? '') && void change(a, { note: e.target.value || null })} /> : v),
          },
          {
            title: t('service.evaluation.actionState'),
            dataIndex: 'state',
            width: 170,
            render: (v: string, a) => (
              <Space>
                <Tag color={v === 'done' ? 'green' : 'orange'}>{t(`service.evaluation.actionStates.${v}`)}</Tag>
                {writable && <a onClick={() => void change(a, { state: v === 'done' ? 'open' : 'done' })}>{v === 'done' ? t('service.evaluation.reopen') : t('service.evaluation.markDone')}</a>}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
