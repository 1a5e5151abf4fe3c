import type { Messages } from './zh-CN';
import { serviceEn } from '../../modules/service/i18n';
import { complaintsEn } from '../../modules/complaints/i18n';
import { LIFECYCLE_LABELS } from '@kehu/shared';

export const enUS: Messages = {
  app: { name: 'Kehu', subtitle: 'Customer management & after-sales service', logout: 'Sign out', changePassword: 'Change password', notifications: 'Notifications', markAllRead: 'Mark all read', noNotifications: 'No notifications', language: '中文' },
  menu: { customers: 'Customers', customerList: 'Customer list', customerNew: 'New customer', customerImport: 'Import customers', addressReport: 'Customers by address', service: 'After-sales service', complaints: 'Complaints & claims', admin: 'Administration', users: 'Users', orgUnits: 'Departments & teams', roles: 'Roles & permissions', dictionaries: 'Dictionaries', tokens: 'API tokens', audit: 'Audit log' },
  login: { title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', required: 'Enter the {{field}}' },
  password: { title: 'Change password', forced: 'First sign-in: please change your password', current: 'Current password', next: 'New password', confirm: 'Confirm new password', mismatch: 'The passwords do not match', rule: 'At least 8 characters with letters and digits', submit: 'Save new password', done: 'Password changed' },
  common: {
    save: 'Save', cancel: 'Cancel', edit: 'Edit', add: 'Add', archive: 'Archive', restore: 'Restore', delete: 'Delete', search: 'Search', reset: 'Reset', export: 'Export', print: 'Print', back: 'Back', confirm: 'Confirm', actions: 'Actions', yes: 'Yes', no: 'No', none: '—', loading: 'Loading…', saved: 'Saved', total: '{{total}} in all', totalCapped: 'more than {{total}}', reload: 'Reload', conflict: 'Someone else changed this record; reload before editing', all: 'All', required: 'Required', upload: 'Upload', download: 'Download', createdAt: 'Created', updatedAt: 'Updated', by: 'By', details: 'Details', close: 'Close', submit: 'Submit',
  },
  customer: {
    list: 'Customers', new: 'New customer', editTitle: 'Edit customer', searchPlaceholder: 'Search name, pinyin, initials, phone, number', filters: 'Filters',
    type: 'Type', enterprise: 'Enterprise', individual: 'Individual / household', code: 'Number', name: 'Name', shortName: 'Short name', phone: 'Phone', email: 'E-mail', creditCode: 'Unified social credit code', idNumber: 'Resident ID number', birthday: 'Birthday',
    lifecycleState: 'Lifecycle', grade: 'Grade', source: 'Source', serviceTier: 'Service tier', owner: 'Owner', team: 'Team', region: 'Region', tags: 'Tags', note: 'Note', classifications: 'Classification', archived: 'Archived', archivedFilter: 'Archive status', active: 'Active', mergedInto: 'Merged into',
    state: LIFECYCLE_LABELS['en-US'],
    tabs: { basic: 'Basic data', contacts: 'Contacts', addresses: 'Addresses', grades: 'Grade history', attachments: 'Attachments', notes: 'Notes', timeline: 'Timeline' },
    profile: {
      enterprise: 'Enterprise profile', individual: 'Personal / household profile', taxNo: 'Tax number', enterpriseNature: 'Ownership', industry: 'Industry', foundedOn: 'Founded', registeredCapital: 'Registered capital (¥)', legalRepresentative: 'Legal representative', generalManager: 'General manager', fax: 'Fax', website: 'Website', bankName: 'Bank', bankAccount: 'Bank account', businessScope: 'Business scope', mainProducts: 'Main products', employeeCount: 'Employees', annualRevenue: 'Annual revenue (¥)', premises: 'Premises', mainSuppliers: 'Main suppliers', mainCustomers: 'Main customers', industryPosition: 'Industry position', tradeStartDate: 'Trading since', paymentMethod: 'Payment method', creditTermDays: 'Credit term (days)', competitors: 'Competitors & shares',
      gender: 'Gender', male: 'Male', female: 'Female', maritalStatus: 'Marital status', education: 'Education', occupation: 'Occupation', employer: 'Employer', jobTitle: 'Job title', incomeBand: 'Income', homePhone: 'Home phone', preferredContact: 'Preferred contact', housingType: 'Housing type', housingArea: 'Floor area (m²)', hobbies: 'Hobbies', consumptionHabits: 'Buying habits', memberLevel: 'Membership', points: 'Points', weddingAnniversary: 'Wedding anniversary', household: 'Household members', relation: 'Relation', ageYears: 'age {{age}}', memberName: 'Name', age: 'Age',
    },
    contact: { title: 'Contact', name: 'Name', department: 'Department', jobTitle: 'Title', buyingRole: 'Buying role', mobile: 'Mobile', phone: 'Phone', email: 'E-mail', wechat: 'WeChat', birthday: 'Birthday', hobbies: 'Hobbies', personality: 'Personality', primary: 'Primary contact', add: 'Add contact' },
    buyingRole: { initiator: 'Initiator', user: 'User', influencer: 'Influencer', decider: 'Decider', approver: 'Approver', buyer: 'Buyer', gatekeeper: 'Gatekeeper' },
    address: { title: 'Address', type: 'Type', region: 'Province / city / district', street: 'Street address', postcode: 'Postcode', routeNo: 'Area / route', default: 'Default', add: 'Add address', setDefault: 'Make default' },
    gradeLog: { change: 'Change grade', old: 'Old grade', new: 'New grade', reason: 'Reason', approvedBy: 'Approved by', when: 'Date' },
    attachment: { upload: 'Upload file', filename: 'File', size: 'Size', hint: 'PDF, images and Office documents within the size limit' },
    noteAdd: 'Add note', notePlaceholder: 'Write down something about this customer…',
    reveal: 'Show personal data', revealed: 'Personal data shown (audited)', masked: 'Personal data masked',
    duplicate: { title: 'Possible duplicates', body: 'These customers look like the one you entered:', createAnyway: 'Create anyway', reasons: { creditCode: 'same credit code', phone: 'same phone', name: 'same name' } },
    merge: { title: 'Merge customers', pick: 'Choose the customer to merge into this one', hint: 'Its contacts, addresses, files and timeline move here; it is then archived.', submit: 'Merge' },
    archiveConfirm: 'An archived customer leaves the lists and can be restored at any time. Archive?',
    profileLabel: 'Profile', created: 'Customer created', printCard: 'Print card',
    event: {
      created: 'Customer file opened', imported: 'Imported', updated: 'Details changed', updatedFields: 'Details changed: {{fields}}', grade_changed: 'Grade {{from}} → {{to}}', archived: 'Archived', restored: 'Restored', merged: 'Merged customer {{code}} {{name}}',
      contact_added: 'Contact added: {{name}}', contact_updated: 'Contact changed: {{name}}', contact_archived: 'Contact archived', address_added: 'Address added: {{region}}', address_updated: 'Address changed', address_archived: 'Address archived', note: 'Note', attachment_added: 'Attachment uploaded: {{filename}}',
      service_order: 'Service order {{code}} ({{orderType}}) {{action}}', return_visit: 'Return visit of {{code}}: rated {{rating}}{{dissatisfied}}', unit_registered: 'Unit registered: {{model}}, serial {{serial}}',
      warranty_expiring: 'Warranty ending: {{model}}, serial {{serial}}, covered until {{date}}', design_life_end: 'End of design life: {{model}}, serial {{serial}}, on {{date}}', service_agreement: 'Service agreement {{code}} {{action}}',
      service_return: '{{returnType}} request {{code}}{{action}}',
      complaint: 'Complaint {{code}}: {{action}}', claim: 'Claim {{code}}: {{action}}',
    },
    serviceEvent: {
      action: { create: 'received', complete: 'completed', cancel: 'cancelled', close: 'closed' }, dissatisfied: ', dissatisfied',
      returnAction: { create: ' filed', auto_reject: ' not accepted (outside the statutory return/exchange period)', approve: ' accepted', reject: ' rejected', receive: ': goods received', inspect: ': inspected', refund: ' refunded', exchange: ' exchanged', repair: ' passed on for repair', repairOrder: ' passed on for repair as order {{order}}', close: ' closed' },
    },
  },
  print: { enterpriseCard: 'Enterprise customer card', individualCard: 'Consumer / household card', printedAt: 'Printed', filledBy: 'Filed by', fillDate: 'Filed on' },
  report: { sum: 'Total', address: 'Customers by address', level: { province: 'Province', city: 'City', district: 'District' }, region: 'Region', code: 'Code', customers: 'Customers', enterprises: 'Enterprises', individuals: 'Individuals', share: 'Share', all: 'All China', noAddress: 'No address' },
  import: {
    title: 'Import customers', step1: 'Upload', step2: 'Map columns', step3: 'Check', step4: 'Import', drop: 'Click or drop an XLSX / CSV file here', column: 'Column', field: 'Field', ignore: 'Ignore', sample: 'Sample', dryRun: 'Check data', rows: '{{n}} rows', ok: '{{n}} rows ready', bad: '{{n}} rows with errors', row: 'Row', reason: 'Problem', value: 'Value', downloadErrors: 'Download error report', commit: 'Import now', progress: 'Progress', done: 'Imported {{n}} customers', fixFirst: 'Fix the bad rows first (an import writes all rows or none)', warnings: '{{n}} warnings', skipDuplicates: 'Skip rows that duplicate existing customers', template: 'Download the template', hint: 'The first row holds the column headers; .xlsx and .csv (UTF-8 or GBK), up to 200,000 rows at a time', reading: 'Reading the file…', file: 'File: {{name}}', mappingHint: 'Fields were matched by the column headers; adjust any column. One column must be the customer name', reupload: 'Upload another file', back: 'Back', total: 'Rows', okRows: 'Ready', badRows: 'With errors', warnRows: 'Possible duplicates', allGood: 'Every row passed the check; {{n}} rows will be imported', nothing: 'No rows to import', listLimited: 'Only the first {{n}} rows are listed here; the error report has all', warningsTitle: 'Rows that look like existing customers (imported unless you skip them)', existing: 'Similar existing customers', sameAs: 'Repeats row {{n}} of the file', running: 'The import runs on the server; leaving this page does not stop it', failed: 'The import failed; nothing was written', failedCode: 'The import failed; nothing was written ({{code}})', goList: 'Open the customer list', again: 'Import another file',
  },
  admin: {
    conflictReloaded: 'Someone else changed this record; it has been reloaded, please edit again',
    status: 'Status', enabled: 'Active', disabledTag: 'Disabled', archivedTag: 'Archived', builtIn: 'Built-in', custom: 'Custom', copy: 'Copy', copied: 'Copied',
    users: {
      title: 'Users', new: 'New user', edit: 'Edit user', searchPlaceholder: 'Search username or name', username: 'Username', displayName: 'Name', email: 'E-mail', phone: 'Phone', orgUnit: 'Department/team', roles: 'Roles', lastLogin: 'Last sign-in', never: 'Never',
      password: 'Initial password', passwordHint: 'At least 8 characters with letters and digits; the user must change it at first sign-in', locked: 'Locked', mustChange: 'Must change password',
      filterStatus: { active: 'Active', disabled: 'Disabled' },
      disable: 'Disable', enable: 'Enable', disableConfirm: 'The user is signed out at once and cannot sign in; their API tokens stop working too. Disable?', resetPassword: 'Reset password',
      resetTitle: 'Reset the password of {{name}}', resetHint: 'All sessions of the user end, the lock is cleared, and the password must be changed at the next sign-in.', resetGenerate: 'Generate a temporary password', resetManual: 'Set a temporary password', resetDone: 'The password has been reset',
      temporaryPassword: 'Temporary password (shown only now; hand it to the user)', created: 'User created',
    },
    org: {
      title: 'Departments & teams', new: 'New sub-unit', edit: 'Edit', name: 'Name', kind: 'Kind', kinds: { department: 'Department', team: 'Team' }, parent: 'Parent', sort: 'Order', users: 'Active users', showArchived: 'Show archived',
      archiveConfirm: 'Only units without active users or sub-units can be archived. Archive?', root: 'Root unit',
    },
    roles: {
      title: 'Roles & permissions', new: 'New role', edit: 'Edit role', code: 'Role code', codeHint: 'Starts with a lowercase letter; lowercase letters, digits and _ only; cannot change later', name: 'Role name', nameZh: 'Chinese name', nameEn: 'English name', users: 'Users', permissions: 'Permissions', scopes: 'Data scope', scopeHint: 'A user with several roles gets the widest scope',
      deleteConfirm: 'This cannot be undone. Delete the role?', cannotDelete: 'Built-in roles and roles that users hold cannot be deleted', selectAll: 'All', builtInHint: 'Built-in roles can be edited but not deleted',
    },
    modules: { customers: 'Customers', pii: 'Personal data', reports: 'Reports', admin: 'Administration', service: 'After-sales service', complaints: 'Complaints and claims' },
    perm: {
      customers_read: 'View customers', customers_create: 'Create customers', customers_update: 'Edit customers', customers_archive: 'Archive/restore customers', customers_grade: 'Change customer grade', customers_merge: 'Merge customers', customers_import: 'Import customers', customers_export: 'Export customers',
      pii_view: 'View unmasked personal data', reports_read: 'View reports',
      admin_users: 'Manage users', admin_roles: 'Manage roles', admin_org: 'Manage departments & teams', admin_dictionaries: 'Manage dictionaries', admin_audit: 'View the audit log', admin_tokens: 'Manage API tokens', admin_purge: 'Erase personal data',
      service_read: 'View service orders and units', service_create: 'Take service requests', service_dispatch: 'Dispatch, transfer, cancel, escalate', service_work: 'Field work on orders', service_visit: 'Return visits', service_catalogue: 'Product and parts catalogue', service_network: 'Outlets and technicians', service_rules: 'SLA rules, calendar and fees', service_parts: 'Parts stock', service_kpi: 'Service KPIs',
      complaints_read: 'View complaints and claims', complaints_create: 'Take complaints', complaints_handle: 'Handle complaints (investigate, propose, reply)', complaints_assign: 'Classify, assign, escalate, close', complaints_claim: 'Record and handle claims', complaints_approve: 'Approve claims (by amount band)', complaints_report: 'Complaint daily report and analysis', complaints_rules: 'Complaint deadlines, escalation and reply templates',
    },
    scopes: { own: 'Own', team: 'Own team', department: 'Own department', all: 'All' },
    dict: {
      title: 'Dictionaries', type: 'List', code: 'Code', labelZh: 'Chinese label', labelEn: 'English label', sort: 'Order', active: 'Active', new: 'New entry', edit: 'Edit entry', newTypeHint: 'Pick an existing list or type a new list code (lowercase letters, digits, _ and .)', inactive: 'Inactive',
      types: { grade: 'Customer grade', source: 'Customer source', service_tier: 'Service tier', enterprise_nature: 'Enterprise nature', marital_status: 'Marital status', education: 'Education', income_band: 'Income band', address_type: 'Address type', classification_dimension: 'Classification dimensions', service_skill: 'Service skills', complaint_category: 'Complaint categories', complaint_cause: 'Complaint causes' },
      clsPrefix: 'Classification: ',
    },
    tokens: {
      title: 'API tokens', new: 'New token', name: 'Name', namePlaceholder: 'e.g. ERP sync', user: 'Acts as user', userHint: 'The token calls the API with this user’s identity and permissions', prefix: 'Prefix', createdBy: 'Created by', lastUsed: 'Last used', never: 'Never', revoked: 'Revoked', active: 'Active',
      revoke: 'Revoke', revokeConfirm: 'Integrations using this token stop working at once. Revoke?', createdTitle: 'Token created', shownOnce: 'The token is shown only now and cannot be viewed again. Copy it and keep it safe.', usage: 'Send it as the header: Authorization: Bearer <token>',
    },
    audit: {
      title: 'Audit log', at: 'Time', user: 'By', action: 'Action', entity: 'Object', entityId: 'Object ID', summary: 'Summary', ip: 'IP address', requestId: 'Request ID', dateRange: 'Dates', before: 'Before', after: 'After', system: 'System',
      actions: { create: 'Create', update: 'Update', delete: 'Delete', archive: 'Archive', restore: 'Restore', move: 'Move', disable: 'Disable', enable: 'Enable', password_reset: 'Password reset', password_changed: 'Password changed', login: 'Sign-in', login_failed: 'Failed sign-in', account_locked: 'Account locked', revoke: 'Revoke', pii_view: 'Personal data viewed', export: 'Export', import: 'Import', merge: 'Merge', purge: 'Personal data erased', grade: 'Grade change', note: 'Note', upload: 'Upload', download: 'Download', seed_demo: 'Demo data' },
      entities: { user: 'User', org_unit: 'Department/team', role: 'Role', api_token: 'API token', dictionary: 'Dictionary', customer: 'Customer', contact: 'Contact', address: 'Address', attachment: 'Attachment', customer_import: 'Customer import', report: 'Report', system: 'System' },
    },
  },
  service: serviceEn,
  complaints: complaintsEn,
};
