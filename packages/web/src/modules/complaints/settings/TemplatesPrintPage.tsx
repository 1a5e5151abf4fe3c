// Printable 最佳道歉方式表 (tool 37) laid out as the paper table: 情境/投诉类型, 推荐道歉用语, 配套行动, 禁忌用语,
// 适用客户类型. Takes the list page's filters from the URL; live templates only.
import { Alert, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorText } from '../../../lib/api';
import { PrintSheet } from '../../service/shared/PrintSheet';
import { useTemplateList } from './api';
import { readTemplateFilters } from './TemplatesPage';
import { useSettingsLabels } from './useSettingsLabels';
import { companyNow } from '../../../lib/clock';

export function TemplatesPrintPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const labels = useSettingsLabels();
  const { data, error, isLoading } = useTemplateList({ ...readTemplateFilters(params), archived: 'false', page: 1, pageSize: 200 });
  if (isLoading) return <Spin style={{ margin: 80 }} />;
  if (error || !data) return <Alert type="error" style={{ margin: 24 }} title={errorText(error)} />;
  const tt = (k: string) => t(`complaints.settings.templates.${k}`);
  const th = { width: 'auto' };

  return (
    <PrintSheet
      title={tt('printTitle')}
      meta={[
        { label: tt('count'), value: data.total },
        { label: tt('printedAt'), value: companyNow().format('YYYY-MM-DD HH:mm') },
      ]}
      testId="apology-table"
    >
      <table className="form-table">
        <colgroup>
          <col style={{ width: '20%' }} />
          <col style={{ width: '30%' }} />
          <col style={{ width: '18%' }} />
          <col style={{ width: '20%' }} />
          <col style={{ width: '12%' }} />
        </colgroup>
        <thead>
          <tr>
            <th style={th}>{tt('printSituation')}</th>
            <th style={th}>{tt('apology')}</th>
            <th style={th}>{tt('pairedAction')}</th>
            <th style={th}>{tt('taboo')}</th>
            <th style={th}>{tt('temperament')}</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((x) => (
            <tr key={x.id} style={{ breakInside: 'avoid' }}>
              <td style={{ verticalAlign: 'top' }}>
                <strong>{x.title}</strong>
                <div>（{labels.category(x.category)}）</div>
                {x.situation && <div style={{ fontSize: 12 }}>{x.situation}</div>}
              </td>
              <td style={{ verticalAlign: 'top' }}>{x.apology}</td>
              <td style={{ verticalAlign: 'top' }}>{x.pairedAction ?? ''}</td>
              <td style={{ verticalAlign: 'top' }}>{x.taboo ?? ''}</td>
              <td style={{ verticalAlign: 'top', textAlign: 'center' }}>{labels.temperament(x.temperament)}</td>
            </tr>
          ))}
          {!data.items.length && (
            <tr>
              <td colSpan={5} style={{ textAlign: 'center' }}>
                {tt('empty')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </PrintSheet>
  );
}
