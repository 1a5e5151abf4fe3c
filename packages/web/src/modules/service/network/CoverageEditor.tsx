// The coverage (服务覆盖区域) of an outlet inside its form: rows of a division (province, city or county) and the
// region type that sets the on-site targets (urban / suburban / remote).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RegionCascader } from '../../customers/RegionCascader';
import { useNetworkLabels } from './useNetworkLabels';

export interface CoverageRow {
  region?: string[];
  regionType: string;
}

export function CoverageEditor({ name = 'regions' }: { name?: string }) {
  const { t } = useTranslation();
  const labels = useNetworkLabels();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div data-testid="coverage-editor">
          {fields.length === 0 && <Typography.Paragraph type="secondary">{t('service.network.outlet.noCoverage')}</Typography.Paragraph>}
          {fields.map((f, i) => (
            <Row key={f.key} gutter={8} align="top" data-testid={`coverage-row-${i}`}>
              <Col flex="auto">
                <Form.Item name={[f.name, 'region']} rules={[{ required: true, message: t('common.required') }]} style={{ marginBottom: 8 }}>
                  <RegionCascader placeholder={t('service.network.outlet.coverageRegion')} />
                </Form.Item>
              </Col>
              <Col flex="140px">
                <Form.Item name={[f.name, 'regionType']} style={{ marginBottom: 8 }}>
                  <Select options={labels.regionTypeOptions} aria-label={t('service.network.outlet.regionType')} />
                </Form.Item>
              </Col>
              <Col flex="40px">
                <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
              </Col>
            </Row>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ regionType: 'urban' } satisfies CoverageRow)} data-testid="coverage-add">
            {t('service.network.outlet.addCoverage')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('service.network.outlet.coverageHint')}
          </Typography.Paragraph>
        </div>
      )}
    </Form.List>
  );
}
