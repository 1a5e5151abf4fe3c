// Stable error codes and field-message keys with their zh-CN / en-US texts.
import { serviceMessages } from './service-messages';
import { complaintMessages } from './complaints-messages';

export type Lang = 'zh-CN' | 'en-US';

export const messages: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  // problem codes
  VALIDATION_FAILED: { 'zh-CN': '输入有误，请检查标出的字段', 'en-US': 'The input is invalid; check the marked fields' },
  MALFORMED_JSON: { 'zh-CN': '请求内容不是有效的 JSON', 'en-US': 'The request body is not valid JSON' },
  UNAUTHENTICATED: { 'zh-CN': '请先登录', 'en-US': 'Please sign in' },
  FORBIDDEN: { 'zh-CN': '没有执行此操作的权限', 'en-US': 'You do not have permission to do this' },
  CSRF_HEADER_MISSING: { 'zh-CN': '请求缺少 X-Requested-With 头', 'en-US': 'The request lacks the X-Requested-With header' },
  NOT_FOUND: { 'zh-CN': '记录不存在或无权查看', 'en-US': 'The record does not exist or is out of your scope' },
  ROUTE_NOT_FOUND: { 'zh-CN': '接口不存在', 'en-US': 'No such endpoint' },
  VERSION_CONFLICT: {
    'zh-CN': '记录已被他人修改，请刷新后重试',
    'en-US': 'Someone else changed this record; reload and try again',
  },
  CUSTOMER_NOT_FOUND: { 'zh-CN': '客户不存在或不在您的数据范围内', 'en-US': 'The customer does not exist or is out of your scope' },
  CONTACT_NOT_FOUND: { 'zh-CN': '联系人不存在', 'en-US': 'No such contact' },
  ADDRESS_NOT_FOUND: { 'zh-CN': '地址不存在', 'en-US': 'No such address' },
  unknown_sort_field: { 'zh-CN': '不支持按此字段排序', 'en-US': 'Sorting by this field is not supported' },
  duplicate_code: { 'zh-CN': '编码已存在', 'en-US': 'This code already exists' },
  LOGIN_FAILED: { 'zh-CN': '用户名或密码错误', 'en-US': 'Wrong username or password' },
  ACCOUNT_LOCKED: {
    'zh-CN': '连续登录失败次数过多，账号已锁定 15 分钟',
    'en-US': 'Too many failed sign-ins; the account is locked for 15 minutes',
  },
  ACCOUNT_DISABLED: { 'zh-CN': '账号已停用', 'en-US': 'The account is disabled' },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试', 'en-US': 'Too many requests; try again later' },
  PASSWORD_CHANGE_REQUIRED: { 'zh-CN': '首次登录请先修改密码', 'en-US': 'Change your password before continuing' },
  WRONG_PASSWORD: { 'zh-CN': '当前密码不正确', 'en-US': 'The current password is wrong' },
  CUSTOMER_DUPLICATE: {
    'zh-CN': '已存在可能重复的客户，请确认',
    'en-US': 'Possible duplicate customers exist; please confirm',
  },
  CUSTOMER_ARCHIVED: { 'zh-CN': '客户已归档，请先恢复', 'en-US': 'The customer is archived; restore it first' },
  MERGE_SAME_CUSTOMER: { 'zh-CN': '不能把客户合并到自身', 'en-US': 'A customer cannot be merged into itself' },
  FILE_TOO_LARGE: { 'zh-CN': '文件超过大小限制', 'en-US': 'The file exceeds the size limit' },
  FILE_TYPE_NOT_ALLOWED: { 'zh-CN': '不支持的文件类型', 'en-US': 'This file type is not allowed' },
  IMPORT_BAD_FILE: { 'zh-CN': '无法读取文件，请上传 XLSX 或 CSV', 'en-US': 'The file cannot be read; upload XLSX or CSV' },
  IMPORT_HAS_ERRORS: {
    'zh-CN': '导入数据有错误行，未导入任何数据',
    'en-US': 'The import has bad rows; nothing was imported',
  },
  IMPORT_STATE: { 'zh-CN': '导入任务当前状态不允许此操作', 'en-US': 'The import is not in a state that allows this' },
  IMPORT_EMPTY: { 'zh-CN': '文件中没有数据行（第一行应为列标题）', 'en-US': 'The file has no data rows (the first row holds the column headers)' },
  IMPORT_TOO_MANY_ROWS: { 'zh-CN': '文件行数超过单次导入上限（200,000 行），请拆分后导入', 'en-US': 'The file has more rows than one import allows (200,000); split it' },
  IMPORT_INTERRUPTED: { 'zh-CN': '导入被中断，未写入任何数据，请重新检查后导入', 'en-US': 'The import was interrupted and wrote nothing; check and import again' },
  USERNAME_TAKEN: { 'zh-CN': '用户名已存在', 'en-US': 'The username is taken' },
  ROLE_IN_USE: { 'zh-CN': '角色仍有用户，不能删除', 'en-US': 'The role still has users' },
  ORG_UNIT_CYCLE: { 'zh-CN': '上级部门不能是自身或下级', 'en-US': 'A unit cannot be placed under itself' },
  // administration
  USER_NOT_FOUND: { 'zh-CN': '用户不存在', 'en-US': 'No such user' },
  ROLE_NOT_FOUND: { 'zh-CN': '角色不存在', 'en-US': 'No such role' },
  ORG_UNIT_NOT_FOUND: { 'zh-CN': '部门或团队不存在', 'en-US': 'No such department or team' },
  API_TOKEN_NOT_FOUND: { 'zh-CN': 'API 令牌不存在', 'en-US': 'No such API token' },
  ROLE_CODE_TAKEN: { 'zh-CN': '角色编码已存在', 'en-US': 'The role code is taken' },
  ROLE_BUILT_IN: { 'zh-CN': '内置角色可以修改，但不能删除', 'en-US': 'Built-in roles can be edited but not deleted' },
  ORG_UNIT_NOT_EMPTY: {
    'zh-CN': '该部门下仍有启用的用户或下级部门/团队，不能归档',
    'en-US': 'The unit still has active users or sub-units; it cannot be archived',
  },
  ORG_UNIT_ROOT: { 'zh-CN': '总部（根部门）不能移动或归档', 'en-US': 'The root unit cannot be moved or archived' },
  ORG_UNIT_ARCHIVED: { 'zh-CN': '部门或团队已归档', 'en-US': 'The department or team is archived' },
  ORG_UNIT_BAD_PARENT: { 'zh-CN': '部门不能设在团队之下', 'en-US': 'A department cannot be placed under a team' },
  LAST_ADMIN: {
    'zh-CN': '必须至少保留一个拥有“角色权限管理”权限的启用用户',
    'en-US': 'At least one active user must keep the permission to manage roles',
  },
  CANNOT_DISABLE_SELF: { 'zh-CN': '不能停用自己的账号', 'en-US': 'You cannot disable your own account' },
  PRIVILEGE_ESCALATION: {
    'zh-CN': '不能授予或操作超出您自身权限的账号、角色或令牌',
    'en-US': 'You cannot grant, or act on accounts, roles or tokens with, permissions you do not hold yourself',
  },
  INTERNAL: { 'zh-CN': '服务器内部错误', 'en-US': 'Internal server error' },
  // field message keys
  required: { 'zh-CN': '必填', 'en-US': 'Required' },
  invalid_credit_code: {
    'zh-CN': '统一社会信用代码无效（校验位不符）',
    'en-US': 'Invalid unified social credit code (check character mismatch)',
  },
  invalid_id_number: { 'zh-CN': '居民身份证号无效（校验位或出生日期不符）', 'en-US': 'Invalid resident ID number' },
  invalid_phone: { 'zh-CN': '电话号码无效', 'en-US': 'Invalid phone number' },
  invalid_email: { 'zh-CN': '电子邮箱格式无效', 'en-US': 'Invalid e-mail address' },
  invalid_postcode: { 'zh-CN': '邮政编码应为 6 位数字', 'en-US': 'A postcode has six digits' },
  invalid_date: { 'zh-CN': '日期格式应为 YYYY-MM-DD', 'en-US': 'Dates are written YYYY-MM-DD' },
  invalid_region: { 'zh-CN': '行政区划代码无效或层级不符', 'en-US': 'Invalid or inconsistent division code' },
  unknown_dictionary_value: { 'zh-CN': '不是字典中的有效选项', 'en-US': 'Not a valid option of its list' },
  unknown_user: { 'zh-CN': '用户不存在或已停用', 'en-US': 'No such active user' },
  unknown_org_unit: { 'zh-CN': '部门或团队不存在', 'en-US': 'No such department or team' },
  unknown_role: { 'zh-CN': '角色不存在', 'en-US': 'No such role' },
  duplicate_name: { 'zh-CN': '同一上级下已有同名部门或团队', 'en-US': 'A unit with this name already exists under the same parent' },
  archived_org_unit: { 'zh-CN': '部门或团队已归档', 'en-US': 'The department or team is archived' },
  invalid_username: {
    'zh-CN': '用户名只能包含字母、数字和 _ . @ -',
    'en-US': 'A username has only letters, digits and _ . @ -',
  },
  invalid_role_code: {
    'zh-CN': '角色编码以小写字母开头，只含小写字母、数字和下划线',
    'en-US': 'A role code starts with a lowercase letter and has only lowercase letters, digits and _',
  },
  unknown_column: { 'zh-CN': '列映射到未知字段', 'en-US': 'A column is mapped to an unknown field' },
  password_too_weak: {
    'zh-CN': '密码至少 8 位，且包含字母和数字',
    'en-US': 'A password has at least 8 characters with letters and digits',
  },
  invalid_bank_account: { 'zh-CN': '银行账号应为 6–40 位数字', 'en-US': 'A bank account has 6–40 digits' },
  not_for_individual: { 'zh-CN': '个人客户不填此项', 'en-US': 'Not used for individual customers' },
  not_for_enterprise: { 'zh-CN': '企业客户不填此项', 'en-US': 'Not used for enterprise customers' },
  owner_out_of_scope: {
    'zh-CN': '只能把客户分配给自己数据范围内的负责人和团队',
    'en-US': 'Owner and team must be within your own data scope',
  },
  ambiguous_user: { 'zh-CN': '有多个同名用户，请改填用户名', 'en-US': 'Several users have this name; use the username' },
  duplicate_mapping: { 'zh-CN': '多个列对应到了同一字段', 'en-US': 'Several columns map to the same field' },
  name_column_required: { 'zh-CN': '必须有一列对应到“客户名称”', 'en-US': 'One column must map to the customer name' },
  duplicate_in_file: { 'zh-CN': '与文件中前面的行重复', 'en-US': 'Duplicates an earlier row of the file' },
};

Object.assign(messages, serviceMessages, complaintMessages);

export function translate(key: string, lang: Lang): string | undefined {
  return messages[key]?.[lang];
}

/** A named parameter of a message: a value, a list (joined the way of the language), or another message in the same language. */
export type MessageParam = string | number | boolean | null | readonly (string | number)[] | { key: string; params?: MessageParams };
export type MessageParams = Record<string, MessageParam>;

/**
 * The text of a message key in one language with its {name} placeholders filled from params; undefined for an
 * unknown key. A placeholder without a parameter stays as written; null fills in as ''. Filled-in values are not
 * scanned for placeholders again.
 */
export function formatMessage(key: string, lang: Lang, params: MessageParams = {}): string | undefined {
  const template = translate(key, lang);
  if (template === undefined) return undefined;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) return whole;
    return paramText(params[name], lang);
  });
}

function paramText(v: MessageParam | undefined, lang: Lang): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(lang === 'en-US' ? ', ' : '、');
  if (typeof v === 'object') {
    const m = v as { key: string; params?: MessageParams };
    return formatMessage(m.key, lang, m.params ?? {}) ?? m.key;
  }
  return String(v);
}
