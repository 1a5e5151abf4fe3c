// Edits an evaluation scheme: first-level → second-level indicators → optional check items, with points, method and
// requirement. A scheme that an evaluation uses is saved as a new version by the server.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { EVALUATION_METHODS, EVIDENCE_HINTS, type TIndicator, type TScheme, type TSchemeSave } from '@kehu/shared';
import { useShowError } from '../../admin/useShowError';
import { evaluationApi, evaluationKeys, useEvaluationMutation } from './api';

const node = (n: TIndicator) => ({ clause: n.clause, name: n.name, requirement: n.requirement, method: n.method, evidence: n.evidence });

function toForm(s: TScheme): TSchemeSave {
  return {
    name: s.name,
    note: s.note,
    provisional: s.provisional,
    indicators: s.indicators.map((g) => ({
      ...node(g),
      children: g.children.map((c) => ({ ...node(c), points: c.children.length ? null : c.points, children: c.children.map((i) => ({ ...node(i), points: i.points })) })),
    })),
  };
}

export function SchemeEditor({ scheme, onClose, onSaved }: { scheme: TScheme; onClose: () => void; onSaved: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<TSchemeSave>();
  const save = useEvaluationMutation((v: TSchemeSave) => evaluationApi.saveScheme(scheme.id, { ...v, version: scheme.version }), [evaluationKeys.schemes]);
  const values = Form.useWatch([], form) as TSchemeSave | undefined;
  const total = (values?.indicators ?? []).reduce(
    (s, g) => s + (g?.children ?? []).reduce((a, c) => a + (c?.children?.length ? c.children.reduce((x, i) => x + (Number(i?.points) || 0), 0) : Number(c?.points) || 0), 0),
    0,
  );

  useEffect(() => {
    form.setFieldsValue(toForm(scheme));
  }, [scheme, form]);

  const submit = async () => {
    const v = await form.validateFields();
    // a second-level indicator with check items takes its points from them
    const body: TSchemeSave = { ...v, indicators: v.indicators.map((g) => ({ ...g, children: g.children.map((c) => (c.children?.length ? { ...c, points: null } : { ...c, children: [] })) })) };
    try {
      const r = await save.mutateAsync(body);
      message.success(r.created ? t('service.evaluation.savedAsRevision', { n: r.scheme.revision }) : t('service.evaluation.savedInPlace'));
      onSaved(r.scheme.id);
    } catch (e) {
      showError(e, form);
    }
  };

  const req = [{ required: true, message: t('common.required') }];
  const methodOptions = EVALUATION_METHODS.map((m) => ({ value: m, label: t(`service.evaluation.methods.${m}`) }));
  const evidenceOptions = EVIDENCE_HINTS.map((m) => ({ value: m, label: t(`service.evaluation.evidenceKinds.${m}`) }));

  return (
    <Drawer
      open
      width={980}
      title={`${t('service.evaluation.editScheme')} · ${t('service.evaluation.revision', { n: scheme.revision })}`}
      onClose={onClose}
      extra={
        <Space>
          <Typography.Text strong>
            {t('service.evaluation.totalPoints')}: {total}
          </Typography.Text>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => void submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {scheme.runs > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('service.evaluation.usedHint')} />}
      <Form form={form} layout="vertical">
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="name" label={t('service.evaluation.schemeName')} rules={req}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="provisional" label={t('service.evaluation.provisional')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="note" label={t('service.evaluation.note')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name="indicators">
          {(groups, { add: addGroup, remove: removeGroup }) => (
            <>
              {groups.map((g) => (
                <Card
                  key={g.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={
                    <Space>
                      <Form.Item name={[g.name, 'clause']} noStyle>
                        <Input placeholder={t('service.evaluation.clause')} style={{ width: 90 }} maxLength={20} />
                      </Form.Item>
                      <Form.Item name={[g.name, 'name']} noStyle rules={req}>
                        <Input placeholder={t('service.evaluation.firstLevel')} style={{ width: 260 }} maxLength={100} />
                      </Form.Item>
                    </Space>
                  }
                  extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => removeGroup(g.name)} aria-label={t('common.delete')} />}
                >
                  <Form.List name={[g.name, 'children']}>
                    {(items, { add, remove }) => (
                      <>
                        {items.map((c) => (
                          <div key={c.key} style={{ borderLeft: '3px solid #d9d9d9', paddingLeft: 12, marginBottom: 12 }}>
                            <Row gutter={8} align="top">
                              <Col span={3}>
                                <Form.Item name={[c.name, 'clause']} label={t('service.evaluation.clause')}>
                                  <Input maxLength={20} />
                                </Form.Item>
                              </Col>
                              <Col span={6}>
                                <Form.Item name={[c.name, 'name']} label={t('service.evaluation.secondLevel')} rules={req}>
                                  <Input maxLength={100} />
                                </Form.Item>
                              </Col>
                              <Col span={3}>
                                <Form.Item noStyle shouldUpdate>
                                  {() => {
                                    const hasItems = !!form.getFieldValue(['indicators', g.name, 'children', c.name, 'children'])?.length;
                                    return (
                                      <Form.Item name={[c.name, 'points']} label={t('service.evaluation.points')} rules={hasItems ? [] : req} extra={hasItems ? t('service.evaluation.pointsDerived') : undefined}>
                                        <InputNumber min={1} max={100} precision={0} disabled={hasItems} style={{ width: '100%' }} />
                                      </Form.Item>
                                    );
                                  }}
                                </Form.Item>
                              </Col>
                              <Col span={4}>
                                <Form.Item name={[c.name, 'method']} label={t('service.evaluation.method')}>
                                  <Select allowClear options={methodOptions} />
                                </Form.Item>
                              </Col>
                              <Col span={5}>
                                <Form.Item name={[c.name, 'evidence']} label={t('service.evaluation.evidence')}>
                                  <Select allowClear options={evidenceOptions} />
                                </Form.Item>
                              </Col>
                              <Col span={3} style={{ paddingTop: 30 }}>
                                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(c.name)} aria-label={t('common.delete')} />
                              </Col>
                              <Col span={24}>
                                <Form.Item name={[c.name, 'requirement']} label={t('service.evaluation.requirement')}>
                                  <Input.TextArea rows={2} maxLength={2000} />
                                </Form.Item>
                              </Col>
                            </Row>
                            <Form.List name={[c.name, 'children']}>
                              {(checks, { add: addCheck, remove: removeCheck }) => (
                                <>
                                  {checks.map((i) => (
                                    <Row gutter={8} key={i.key} style={{ marginLeft: 24 }}>
                                      <Col span={3}>
                                        <Form.Item name={[i.name, 'clause']}>
                                          <Input placeholder={t('service.evaluation.clause')} maxLength={20} />
                                        </Form.Item>
                                      </Col>
                                      <Col span={7}>
                                        <Form.Item name={[i.name, 'name']} rules={req}>
                                          <Input placeholder={t('service.evaluation.checkItem')} maxLength={100} />
                                        </Form.Item>
                                      </Col>
                                      <Col span={3}>
                                        <Form.Item name={[i.name, 'points']} rules={req}>
                                          <InputNumber min={1} max={100} precision={0} placeholder={t('service.evaluation.points')} style={{ width: '100%' }} />
                                        </Form.Item>
                                      </Col>
                                      <Col span={4}>
                                        <Form.Item name={[i.name, 'method']}>
                                          <Select allowClear placeholder={t('service.evaluation.method')} options={methodOptions} />
                                        </Form.Item>
                                      </Col>
                                      <Col span={5}>
                                        <Form.Item name={[i.name, 'requirement']}>
                                          <Input placeholder={t('service.evaluation.requirement')} maxLength={2000} />
                                        </Form.Item>
                                      </Col>
                                      <Col span={2}>
                                        <Button type="text" danger icon={<DeleteOutlined />} onClick={() => removeCheck(i.name)} aria-label={t('common.delete')} />
                                      </Col>
                                    </Row>
                                  ))}
                                  <Button type="dashed" size="small" icon={<PlusOutlined />} style={{ marginLeft: 24, marginBottom: 8 }} onClick={() => addCheck({ name: '', points: 1 })}>
                                    {t('service.evaluation.addCheck')}
                                  </Button>
                                </>
                              )}
                            </Form.List>
                          </div>
                        ))}
                        <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', points: 5, children: [] })}>
                          {t('service.evaluation.addSecond')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => addGroup({ name: '', children: [{ name: '', points: 5, children: [] }] })}>
                {t('service.evaluation.addFirst')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
