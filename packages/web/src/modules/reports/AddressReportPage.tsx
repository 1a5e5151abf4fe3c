// 客户地址分类表: customers by province → city → district, drillable, with a chart and an export.
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Col, Row, Table, Typography } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { get, qs } from '../../lib/api';
import { EChart } from '../../lib/EChart';
import { useCan } from '../../lib/reference';
import { currentLanguage } from '../../app/i18n';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

interface Row0 {
  code: string | null;
  name: string;
  customers: number;
  enterprises: number;
  individuals: number;
}
interface Report {
  level: 'province' | 'city' | 'district';
  parentName: string | null;
  total: number;
  items: Row0[];
}

export function AddressReportPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const provinceCode = params.get('provinceCode') ?? undefined;
  const cityCode = params.get('cityCode') ?? undefined;
  const provinceName = params.get('provinceName') ?? '';
  const cityName = params.get('cityName') ?? '';
  const query = { provinceCode, cityCode };
  const { data, isLoading } = useQuery({ queryKey: ['reports', 'addresses', query], queryFn: () => get<Report>('/api/v1/reports/customer-addresses' + qs(query)) });

  const drill = (r: Row0) => {
    if (!r.code || data?.level === 'district') return;
    if (data?.level === 'province') setParams({ provinceCode: r.code, provinceName: r.name });
    else setParams({ provinceCode: provinceCode!, provinceName, cityCode: r.code, cityName: r.name });
  };
  const top = (data?.items ?? []).slice(0, 20);

  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('report.address')}
        </Typography.Title>
        {can('customers:export') && (
          <Button icon={<DownloadOutlined />} href={'/api/v1/reports/customer-addresses.xlsx' + qs({ ...query, lang: currentLanguage() })} style={{ marginLeft: 'auto' }}>
            {t('common.export')}
          </Button>
        )}
      </div>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <a onClick={() => setParams({})}>{t('report.all')}</a> },
          ...(provinceCode ? [{ title: <a onClick={() => setParams({ provinceCode, provinceName })}>{provinceName || provinceCode}</a> }] : []),
          ...(cityCode ? [{ title: cityName || cityCode }] : []),
        ]}
      />
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card>
            <Table<Row0>
              rowKey={(r) => r.code ?? 'none'}
              size="small"
              loading={isLoading}
              dataSource={data?.items ?? []}
              pagination={{ pageSize: 40, hideOnSinglePage: true }}
              onRow={(r) => ({ onClick: () => drill(r), style: { cursor: r.code && data?.level !== 'district' ? 'pointer' : undefined } })}
              columns={[
                { title: t('report.code'), dataIndex: 'code', width: 90 },
                { title: t(`report.level.${data?.level ?? 'province'}`), dataIndex: 'name', render: (v, r) => (r.code && data?.level !== 'district' ? <a>{v}</a> : r.code ? v : t('report.noAddress')) },
                { title: t('report.customers'), dataIndex: 'customers', align: 'right', sorter: (a, b) => a.customers - b.customers },
                { title: t('report.enterprises'), dataIndex: 'enterprises', align: 'right' },
                { title: t('report.individuals'), dataIndex: 'individuals', align: 'right' },
                { title: t('report.share'), key: 'share', align: 'right', render: (_, r) => (data?.total ? ((r.customers / data.total) * 100).toFixed(1) + '%' : '') },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <strong>{t('report.sum')}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    <strong>{data?.total ?? 0}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {(data?.items ?? []).reduce((s, r) => s + r.enterprises, 0)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    {(data?.items ?? []).reduce((s, r) => s + r.individuals, 0)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5} align="right">
                    {data?.total ? '100%' : ''}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card>
            <EChart
              style={{ height: Math.max(360, top.length * 26) }}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 110, right: 30, top: 10, bottom: 30 },
                xAxis: { type: 'value' },
                yAxis: { type: 'category', inverse: true, data: top.map((r) => (r.code ? r.name : t('report.noAddress'))) },
                series: [
                  { name: t('report.enterprises'), type: 'bar', stack: 'n', data: top.map((r) => r.enterprises), itemStyle: { color: '#1668dc' } },
                  { name: t('report.individuals'), type: 'bar', stack: 'n', data: top.map((r) => r.individuals), itemStyle: { color: '#52c41a' } },
                ],
              }}
              onClick={(e) => top[e.dataIndex] && drill(top[e.dataIndex])}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
