// 简体中文界面文字
import { serviceZh } from '../../modules/service/i18n';
import { complaintsZh } from '../../modules/complaints/i18n';
import { LIFECYCLE_LABELS } from '@kehu/shared';
export const zhCN = {
  app: { name: '客户', subtitle: '客户管理·售后服务系统', logout: '退出登录', changePassword: '修改密码', notifications: '通知', markAllRead: '全部已读', noNotifications: '暂无通知', language: 'English' },
  menu: { customers: '客户', customerList: '客户列表', customerNew: '新建客户', customerImport: '客户导入', addressReport: '客户地址分类表', service: '售后服务', complaints: '投诉与索赔', admin: '系统管理', users: '用户', orgUnits: '部门与团队', roles: '角色权限', dictionaries: '数据字典', tokens: 'API 令牌', audit: '审计日志' },
  login: { title: '登录', username: '用户名', password: '密码', submit: '登录', required: '请输入{{field}}' },
  password: { title: '修改密码', forced: '首次登录，请先修改密码', current: '当前密码', next: '新密码', confirm: '确认新密码', mismatch: '两次输入的密码不一致', rule: '至少 8 位，包含字母和数字', submit: '保存新密码', done: '密码已修改' },
  common: {
    save: '保存', cancel: '取消', edit: '编辑', add: '新增', archive: '归档', restore: '恢复', delete: '删除', search: '搜索', reset: '重置', export: '导出', print: '打印', back: '返回', confirm: '确认', actions: '操作', yes: '是', no: '否', none: '—', loading: '加载中…', saved: '已保存', total: '共 {{total}} 条', totalCapped: '超过 {{total}} 条', reload: '重新加载', conflict: '记录已被他人修改，请重新加载后再改', all: '全部', required: '必填', upload: '上传', download: '下载', createdAt: '创建时间', updatedAt: '更新时间', by: '操作人', details: '详情', close: '关闭', submit: '提交',
  },
  customer: {
    list: '客户列表', new: '新建客户', editTitle: '编辑客户', searchPlaceholder: '搜索名称、拼音、首字母、电话、编号', filters: '筛选',
    type: '客户类型', enterprise: '企业', individual: '个人/家庭', code: '客户编号', name: '客户名称', shortName: '简称', phone: '电话', email: '电子邮箱', creditCode: '统一社会信用代码', idNumber: '身份证号', birthday: '出生日期',
    lifecycleState: '生命周期', grade: '客户等级', source: '客户来源', serviceTier: '服务等级', owner: '负责人', team: '所属团队', region: '所在地区', tags: '标签', note: '备注', classifications: '客户分类', archived: '已归档', archivedFilter: '归档状态', active: '在用', mergedInto: '已合并到',
    state: LIFECYCLE_LABELS['zh-CN'],
    tabs: { basic: '基本资料', contacts: '联系人', addresses: '地址', grades: '等级历史', attachments: '附件', notes: '备注', timeline: '时间线' },
    profile: {
      enterprise: '企业资料', individual: '个人/家庭资料', taxNo: '税号', enterpriseNature: '企业性质', industry: '所属行业', foundedOn: '成立日期', registeredCapital: '注册资本（元）', legalRepresentative: '法定代表人', generalManager: '总经理/负责人', fax: '传真', website: '网址', bankName: '开户银行', bankAccount: '银行账号', businessScope: '经营范围', mainProducts: '主要产品', employeeCount: '员工人数', annualRevenue: '年营业额（元）', premises: '厂房/仓库', mainSuppliers: '主要供应商', mainCustomers: '主要客户', industryPosition: '行业地位', tradeStartDate: '交易开始日期', paymentMethod: '付款方式', creditTermDays: '信用期限（天）', competitors: '竞争对手及份额',
      gender: '性别', male: '男', female: '女', maritalStatus: '婚姻状况', education: '教育程度', occupation: '职业', employer: '工作单位', jobTitle: '职务', incomeBand: '收入水平', homePhone: '住宅电话', preferredContact: '偏好联系方式/时间', housingType: '住宅类型', housingArea: '住宅面积（㎡）', hobbies: '兴趣爱好', consumptionHabits: '消费习惯', memberLevel: '会员等级', points: '积分', weddingAnniversary: '结婚纪念日', household: '家庭成员', relation: '称谓', ageYears: '{{age}}岁', memberName: '姓名', age: '年龄',
    },
    contact: { title: '联系人', name: '姓名', department: '部门', jobTitle: '职务', buyingRole: '采购角色', mobile: '手机', phone: '电话', email: '邮箱', wechat: '微信', birthday: '生日', hobbies: '爱好', personality: '性格', primary: '主要联系人', add: '新增联系人' },
    buyingRole: { initiator: '发起者', user: '使用者', influencer: '影响者', decider: '决策者', approver: '批准者', buyer: '采购者', gatekeeper: '把关者' },
    address: { title: '地址', type: '地址类型', region: '省/市/区', street: '详细地址', postcode: '邮编', routeNo: '片区/路线号', default: '默认地址', add: '新增地址', setDefault: '设为默认' },
    gradeLog: { change: '调整等级', old: '原等级', new: '新等级', reason: '调整原因', approvedBy: '审批人', when: '评定日期' },
    attachment: { upload: '上传附件', filename: '文件名', size: '大小', hint: '支持 PDF、图片、Office 文档，单个文件不超过限制' },
    noteAdd: '添加备注', notePlaceholder: '记录与客户有关的事项…',
    reveal: '显示完整信息', revealed: '已显示完整信息（已记录审计）', masked: '个人信息已脱敏',
    duplicate: { title: '可能存在重复客户', body: '以下客户与录入的资料相似：', createAnyway: '仍然创建', reasons: { creditCode: '信用代码相同', phone: '电话相同', name: '名称相同' } },
    merge: { title: '合并客户', pick: '选择要并入本客户的客户', hint: '被合并客户的联系人、地址、附件、时间线等全部转入本客户，被合并客户将归档。', submit: '合并' },
    archiveConfirm: '归档后该客户不再出现在列表中，可随时恢复。确定归档？',
    profileLabel: '详细资料', created: '客户已创建', printCard: '打印资料卡',
    event: {
      created: '建档', imported: '导入建档', updated: '修改资料', updatedFields: '修改资料：{{fields}}', grade_changed: '等级 {{from}} → {{to}}', archived: '归档', restored: '恢复', merged: '合并客户 {{code}} {{name}}',
      contact_added: '新增联系人 {{name}}', contact_updated: '修改联系人 {{name}}', contact_archived: '归档联系人', address_added: '新增地址 {{region}}', address_updated: '修改地址', address_archived: '归档地址', note: '备注', attachment_added: '上传附件 {{filename}}',
      service_order: '服务工单 {{code}}（{{orderType}}）{{action}}', return_visit: '回访 {{code}}：{{rating}} 分{{dissatisfied}}', unit_registered: '登记机器 {{model}}，序列号 {{serial}}',
      warranty_expiring: '保修即将到期：{{model}}，序列号 {{serial}}，保修截止 {{date}}', design_life_end: '设计寿命届满提醒：{{model}}，序列号 {{serial}}，届满日 {{date}}', service_agreement: '售后服务协议 {{code}}{{action}}',
      service_return: '{{returnType}}申请 {{code}}{{action}}',
      complaint: '客户投诉 {{code}}：{{action}}', claim: '索赔 {{code}}：{{action}}',
    },
    serviceEvent: {
      action: { create: '受理', complete: '完工', cancel: '取消', close: '关闭' }, dissatisfied: '，不满意',
      // service_return: appended to '退货申请 TH…' (a leading space where one is wanted)
      returnAction: { create: '', auto_reject: '（超出三包期限，未受理）', approve: ' 已受理', reject: ' 不予受理', receive: ' 已收货', inspect: ' 已检验', refund: ' 已退款', exchange: ' 已换货', repair: ' 转维修', repairOrder: ' 转维修 {{order}}', close: ' 已结案' },
    },
  },
  print: { enterpriseCard: '客户（企业）资料卡', individualCard: '消费者个人或家庭资料卡', printedAt: '打印时间', filledBy: '建档人', fillDate: '建档日期' },
  report: { sum: '合计', address: '客户地址分类表', level: { province: '省份', city: '城市', district: '区县' }, region: '地区', code: '地区代码', customers: '客户数', enterprises: '企业客户', individuals: '个人/家庭客户', share: '占比', all: '全国', noAddress: '未填地址' },
  import: {
    title: '客户导入', step1: '上传文件', step2: '字段对应', step3: '检查结果', step4: '导入', drop: '点击或拖拽 XLSX / CSV 文件到此处', column: '文件列', field: '对应字段', ignore: '不导入', sample: '示例数据', dryRun: '检查数据', rows: '共 {{n}} 行', ok: '可导入 {{n}} 行', bad: '有错误 {{n}} 行', row: '行号', reason: '错误原因', value: '值', downloadErrors: '下载错误报告', commit: '开始导入', progress: '导入进度', done: '导入完成：{{n}} 个客户', fixFirst: '请先修正错误行再导入（导入要么全部成功，要么一条也不写入）', warnings: '提示 {{n}} 条', skipDuplicates: '跳过与现有客户重复的行', template: '下载导入模板', hint: '第一行为列标题；支持 .xlsx 与 .csv（UTF-8 或 GBK 编码），单次最多 200,000 行', reading: '正在读取文件…', file: '文件：{{name}}', mappingHint: '已按列标题自动对应字段，可逐列调整；必须有一列对应“客户名称”', reupload: '重新上传', back: '上一步', total: '总行数', okRows: '可导入', badRows: '有错误', warnRows: '可能重复', allGood: '全部数据检查通过，将导入 {{n}} 行', nothing: '没有可导入的行', listLimited: '此处仅列出前 {{n}} 行，完整内容请下载错误报告', warningsTitle: '与已有客户相似的行（仍会导入，除非选择跳过）', existing: '相似的已有客户', sameAs: '与文件第 {{n}} 行重复', running: '导入在服务器上进行，离开本页不会中断', failed: '导入失败，未写入任何数据', failedCode: '导入失败，未写入任何数据（{{code}}）', goList: '查看客户列表', again: '继续导入其他文件',
  },
  admin: {
    conflictReloaded: '记录已被他人修改，已重新加载，请再改一次',
    status: '状态', enabled: '启用', disabledTag: '已停用', archivedTag: '已归档', builtIn: '内置', custom: '自定义', copy: '复制', copied: '已复制',
    users: {
      title: '用户', new: '新建用户', edit: '编辑用户', searchPlaceholder: '搜索用户名或姓名', username: '用户名', displayName: '姓名', email: '电子邮箱', phone: '电话', orgUnit: '部门/团队', roles: '角色', lastLogin: '最近登录', never: '从未登录',
      password: '初始密码', passwordHint: '至少 8 位，包含字母和数字；用户首次登录时必须修改', locked: '已锁定', mustChange: '待改密码',
      filterStatus: { active: '启用中', disabled: '已停用' },
      disable: '停用', enable: '启用', disableConfirm: '停用后该用户将立即下线且不能登录，API 令牌也随之失效。确定停用？', resetPassword: '重置密码',
      resetTitle: '重置 {{name}} 的密码', resetHint: '重置后该用户的登录会话全部结束，锁定解除，下次登录须修改密码。', resetGenerate: '自动生成临时密码', resetManual: '手动设置临时密码', resetDone: '密码已重置',
      temporaryPassword: '临时密码（只显示这一次，请转交用户）', created: '用户已创建',
    },
    org: {
      title: '部门与团队', new: '新建下级', edit: '编辑', name: '名称', kind: '类型', kinds: { department: '部门', team: '团队' }, parent: '上级', sort: '排序', users: '在岗人数', showArchived: '显示已归档',
      archiveConfirm: '只有没有启用用户和下级单位的部门/团队才能归档。确定归档？', root: '根部门',
    },
    roles: {
      title: '角色权限', new: '新建角色', edit: '编辑角色', code: '角色编码', codeHint: '小写字母开头，仅含小写字母、数字、下划线；创建后不可修改', name: '角色名称', nameZh: '中文名称', nameEn: '英文名称', users: '用户数', permissions: '权限', scopes: '数据范围', scopeHint: '用户有多个角色时取最宽的数据范围',
      deleteConfirm: '删除后不可恢复。确定删除该角色？', cannotDelete: '内置角色或仍有用户的角色不能删除', selectAll: '全选', builtInHint: '内置角色可以修改权限，但不能删除',
    },
    modules: { customers: '客户', pii: '个人信息', reports: '报表', admin: '系统管理', service: '售后服务', complaints: '投诉与索赔' },
    perm: {
      customers_read: '查看客户', customers_create: '新建客户', customers_update: '修改客户', customers_archive: '归档/恢复客户', customers_grade: '调整客户等级', customers_merge: '合并客户', customers_import: '导入客户', customers_export: '导出客户',
      pii_view: '查看完整个人信息', reports_read: '查看报表',
      admin_users: '用户管理', admin_roles: '角色权限管理', admin_org: '部门与团队管理', admin_dictionaries: '数据字典管理', admin_audit: '查看审计日志', admin_tokens: 'API 令牌管理', admin_purge: '清除个人信息',
      service_read: '查看服务工单与机器档案', service_create: '受理服务请求', service_dispatch: '派工/转派/取消/升级', service_work: '上门服务作业', service_visit: '回访', service_catalogue: '产品与配件目录', service_network: '服务网点与技术人员', service_rules: '时限规则、工作日历与收费标准', service_parts: '配件库存', service_kpi: '服务考核指标',
      complaints_read: '查看投诉与索赔', complaints_create: '受理投诉', complaints_handle: '处理投诉（调查/方案/答复）', complaints_assign: '分类、分派、升级、结案', complaints_claim: '登记与处理索赔', complaints_approve: '审批索赔（按金额权限）', complaints_report: '投诉日报与分析', complaints_rules: '投诉时限、升级与话术模板',
    },
    scopes: { own: '本人', team: '本团队', department: '本部门', all: '全部' },
    dict: {
      title: '数据字典', type: '字典类型', code: '编码', labelZh: '中文名称', labelEn: '英文名称', sort: '排序', active: '启用', new: '新增字典项', edit: '编辑字典项', newTypeHint: '可选择已有类型，或输入新的类型编码（小写字母、数字、下划线、点）', inactive: '已停用',
      types: { grade: '客户等级', source: '客户来源', service_tier: '服务等级', enterprise_nature: '企业性质', marital_status: '婚姻状况', education: '教育程度', income_band: '收入水平', address_type: '地址类型', classification_dimension: '客户分类维度', service_skill: '服务技能', complaint_category: '投诉类别', complaint_cause: '投诉原因' },
      clsPrefix: '客户分类：',
    },
    tokens: {
      title: 'API 令牌', new: '新建令牌', name: '名称', namePlaceholder: '如：ERP 同步', user: '代表用户', userHint: '令牌以该用户的身份和权限调用 API', prefix: '前缀', createdBy: '创建人', lastUsed: '最近使用', never: '未使用', revoked: '已吊销', active: '有效',
      revoke: '吊销', revokeConfirm: '吊销后使用该令牌的集成将立即失效。确定吊销？', createdTitle: '令牌已创建', shownOnce: '令牌只显示这一次，关闭后无法再查看。请立即复制并妥善保存。', usage: '调用时在请求头加入：Authorization: Bearer <令牌>',
    },
    audit: {
      title: '审计日志', at: '时间', user: '操作人', action: '动作', entity: '对象', entityId: '对象 ID', summary: '摘要', ip: 'IP 地址', requestId: '请求 ID', dateRange: '日期范围', before: '修改前', after: '修改后', system: '系统',
      actions: { create: '新建', update: '修改', delete: '删除', archive: '归档', restore: '恢复', move: '移动', disable: '停用', enable: '启用', password_reset: '重置密码', password_changed: '修改密码', login: '登录', login_failed: '登录失败', account_locked: '账号锁定', revoke: '吊销', pii_view: '查看个人信息', export: '导出', import: '导入', merge: '合并', purge: '清除个人信息', grade: '调整等级', note: '备注', upload: '上传', download: '下载', seed_demo: '生成演示数据' },
      entities: { user: '用户', org_unit: '部门/团队', role: '角色', api_token: 'API 令牌', dictionary: '数据字典', customer: '客户', contact: '联系人', address: '地址', attachment: '附件', customer_import: '客户导入', report: '报表', system: '系统' },
    },
  },
  service: serviceZh,
  complaints: complaintsZh,
};
export type Messages = typeof zhCN;
