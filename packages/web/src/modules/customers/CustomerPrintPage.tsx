// Printable 客户资料卡 in the Chinese paper-form layout (tool 07 / tool 08), via print CSS.
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Space, Spin } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { formatFen } from '../../lib/format';
import { useDictLabel } from '../../lib/reference';
import { useCustomer } from './api';
import './print.css';
import { companyNow } from '../../lib/clock';

export function CustomerPrintPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { data: c } = useCustomer(id, false);
  const label = useDictLabel();
  if (!c) return <Spin style={{ margin: 80 }} />;
  const p = c.profile as Record<string, string | number | null | undefined>;
  const v = (x: unknown) => (x === null || x === undefined || x === '' ? '' : String(x));
  const d = (x: unknown) => (x ? dayjs(String(x)).format('YYYY年M月D日') : '');
  const contacts = [...c.contacts, ...Array(Math.max(0, 4 - c.contacts.length)).fill(null)];
  return (
    <div className="print-page">
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('common.print')}
        </Button>
        <Button onClick={() => navigate(-1)}>{t('common.back')}</Button>
      </Space>
      <div className="form-sheet">
        <h1>{c.type === 'enterprise' ? '客户（企业）资料卡' : '消费者个人或家庭资料卡'}</h1>
        <div className="form-meta">
          <span>卡号：{c.code}</span>
          <span>建档日期：{d(c.createdAt)}</span>
        </div>
        {c.type === 'enterprise' ? (
          <table className="form-table">
            <tbody>
              <tr>
                <th>客户名称</th>
                <td colSpan={3}>{c.name}</td>
                <th>简称</th>
                <td>{v(c.shortName)}</td>
              </tr>
              <tr>
                <th>统一社会信用代码</th>
                <td colSpan={3}>{v(c.creditCode)}</td>
                <th>税号</th>
                <td>{v(p.taxNo)}</td>
              </tr>
              <tr>
                <th>企业性质</th>
                <td>{p.enterpriseNature ? label('enterprise_nature', String(p.enterpriseNature)) : ''}</td>
                <th>成立日期</th>
                <td>{d(p.foundedOn)}</td>
                <th>注册资本</th>
                <td>{p.registeredCapitalFen ? formatFen(Number(p.registeredCapitalFen)) : ''}</td>
              </tr>
              <tr>
                <th>法定代表人</th>
                <td>{v(p.legalRepresentative)}</td>
                <th>总经理/负责人</th>
                <td>{v(p.generalManager)}</td>
                <th>员工人数</th>
                <td>{v(p.employeeCount)}</td>
              </tr>
              <tr>
                <th>地址</th>
                <td colSpan={3}>
                  {c.addresses[0] ? `${c.addresses[0].region}${c.addresses[0].street ?? ''}` : ''}
                </td>
                <th>邮编</th>
                <td>{v(c.addresses[0]?.postcode)}</td>
              </tr>
              <tr>
                <th>电话</th>
                <td>{v(c.phone)}</td>
                <th>传真</th>
                <td>{v(p.fax)}</td>
                <th>网址</th>
                <td>{v(p.website)}</td>
              </tr>
              <tr>
                <th>开户银行</th>
                <td colSpan={2}>{v(p.bankName)}</td>
                <th>账号</th>
                <td colSpan={2}>{v(p.bankAccount)}</td>
              </tr>
              <tr>
                <th>经营范围</th>
                <td colSpan={5}>{v(p.businessScope)}</td>
              </tr>
              <tr>
                <th>主要产品</th>
                <td colSpan={2}>{v(p.mainProducts)}</td>
                <th>年营业额</th>
                <td colSpan={2}>{p.annualRevenueFen ? formatFen(Number(p.annualRevenueFen)) : ''}</td>
              </tr>
              <tr>
                <th>主要供应商</th>
                <td colSpan={2}>{v(p.mainSuppliers)}</td>
                <th>主要客户</th>
                <td colSpan={2}>{v(p.mainCustomers)}</td>
              </tr>
              <tr>
                <th>交易开始日期</th>
                <td>{d(p.tradeStartDate)}</td>
                <th>付款方式</th>
                <td>{v(p.paymentMethod)}</td>
                <th>信用期限</th>
                <td>{p.creditTermDays ? `${p.creditTermDays} 天` : ''}</td>
              </tr>
              <tr>
                <th>客户等级</th>
                <td>{c.grade ? label('grade', c.grade) : ''}</td>
                <th>负责业务员</th>
                <td>{v(c.ownerName)}</td>
                <th>资料来源</th>
                <td>{c.source ? label('source', c.source) : ''}</td>
              </tr>
            </tbody>
          </table>
        ) : (
          <table className="form-table">
            <tbody>
              <tr>
                <th>姓名</th>
                <td>{c.name}</td>
                <th>性别</th>
                <td>{p.gender === 'male' ? '男' : p.gender === 'female' ? '女' : ''}</td>
                <th>出生日期</th>
                <td>{d(c.birthday)}</td>
              </tr>
              <tr>
                <th>证件号</th>
                <td colSpan={3}>{v(c.idNumber)}</td>
                <th>婚姻状况</th>
                <td>{p.maritalStatus ? label('marital_status', String(p.maritalStatus)) : ''}</td>
              </tr>
              <tr>
                <th>住址</th>
                <td colSpan={3}>{c.addresses[0] ? `${c.addresses[0].region}${c.addresses[0].street ?? ''}` : ''}</td>
                <th>邮编</th>
                <td>{v(c.addresses[0]?.postcode)}</td>
              </tr>
              <tr>
                <th>手机</th>
                <td>{v(c.phone)}</td>
                <th>住宅电话</th>
                <td>{v(p.homePhone)}</td>
                <th>E-mail</th>
                <td>{v(c.email)}</td>
              </tr>
              <tr>
                <th>职业</th>
                <td>{v(p.occupation)}</td>
                <th>工作单位</th>
                <td>{v(p.employer)}</td>
                <th>收入水平</th>
                <td>{p.incomeBand ? label('income_band', String(p.incomeBand)) : ''}</td>
              </tr>
              <tr>
                <th>住宅类型</th>
                <td>{v(p.housingType)}</td>
                <th>面积</th>
                <td>{p.housingAreaM2 ? `${p.housingAreaM2} ㎡` : ''}</td>
                <th>会员等级</th>
                <td>{v(p.memberLevel)}</td>
              </tr>
              <tr>
                <th>兴趣爱好</th>
                <td colSpan={2}>{v(p.hobbies)}</td>
                <th>消费习惯</th>
                <td colSpan={2}>{v(p.consumptionHabits)}</td>
              </tr>
            </tbody>
          </table>
        )}
        <h2>{c.type === 'enterprise' ? '主要联系人' : '家庭成员'}</h2>
        {c.type === 'enterprise' ? (
          <table className="form-table">
            <thead>
              <tr>
                <th>姓名</th>
                <th>部门</th>
                <th>职务</th>
                <th>采购角色</th>
                <th>手机</th>
                <th>生日</th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((k, i) => (
                <tr key={i}>
                  <td>{k?.name ?? ''}</td>
                  <td>{k?.department ?? ''}</td>
                  <td>{k?.title ?? ''}</td>
                  <td>{k?.buyingRole ? t(`customer.buyingRole.${k.buyingRole}`) : ''}</td>
                  <td>{k?.mobile ?? ''}</td>
                  <td>{k?.birthday ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <table className="form-table">
            <thead>
              <tr>
                <th>称谓</th>
                <th>姓名</th>
                <th>年龄</th>
                <th>职业</th>
                <th>生日</th>
              </tr>
            </thead>
            <tbody>
              {[...((p.household as unknown as { relation: string; name: string; age?: number; occupation?: string; birthday?: string }[]) ?? []), null, null]
                .slice(0, Math.max(3, ((p.household as unknown as unknown[]) ?? []).length))
                .map((m, i) => (
                  <tr key={i}>
                    <td>{m?.relation ?? ''}</td>
                    <td>{m?.name ?? ''}</td>
                    <td>{m?.age ?? ''}</td>
                    <td>{m?.occupation ?? ''}</td>
                    <td>{m?.birthday ?? ''}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
        <table className="form-table">
          <tbody>
            <tr>
              <th>备注</th>
              <td style={{ height: 60 }}>{v(c.note)}</td>
            </tr>
          </tbody>
        </table>
        <div className="form-meta">
          <span>建档人：{v(c.ownerName)}</span>
          <span>最后更新：{d(c.updatedAt)}</span>
          <span>打印时间：{companyNow().format('YYYY年M月D日 HH:mm')}</span>
        </div>
      </div>
    </div>
  );
}
