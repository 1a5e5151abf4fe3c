// Problem codes and field-message keys of the after-sales service module (zh-CN / en-US).
export const serviceMessages: Record<string, { 'zh-CN': string; 'en-US': string }> = {
};
