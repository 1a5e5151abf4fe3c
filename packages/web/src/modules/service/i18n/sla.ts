// Texts of the service module's sla pages (zh-CN first; en-US has the same keys).
export const zh = {
  title: '',
};
export const en: typeof zh = {
  title: '',
};
