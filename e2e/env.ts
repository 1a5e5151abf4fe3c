// Fixed credentials of the browser-test server.
export const E2E = {
  adminPassword: 'Admin12345',
  adminNewPassword: 'Kehu2026ok',
  agent: { username: 'kefu', password: 'Kefu2026ok' },
  /** a second administrator whose password is already set, so tests need not depend on each other's order */
  ops: { username: 'ops', password: 'Ops2026ok' },
};
