// Texts of the complaints module, area "reports" (zh-CN, and en-US with the same keys).
export const zh = {
  menu: '',
};
export const en: typeof zh = {
  menu: '',
};
