// The signed-in frame: side menu, header with user, language, notifications; redirects when signed out.
import { BellOutlined, GlobalOutlined, LogoutOutlined, LockOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Dropdown, Layout, List, Menu, Popover, Space, Spin, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { get, post, setUnauthenticatedHandler } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { useMe } from '../lib/reference';
import { currentLanguage, setLanguage } from './i18n';
import { menu, type MenuEntry } from './menu';

interface NotificationPage {
  items: { id: number; title: string; body: string | null; link: string | null; createdAt: string; readAt: string | null }[];
  unread: number;
}

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      qc.clear();
      navigate('/login', { replace: true });
    });
  }, [navigate, qc]);

  const notifications = useQuery({
    // the server renders notices in the request's language: a language switch fetches them again
    queryKey: ['notifications', i18n.language],
    queryFn: () => get<NotificationPage>('/api/v1/notifications?pageSize=10'),
    enabled: !!me.data && !me.data.mustChangePassword,
    refetchInterval: 60_000,
  });

  const items = useMemo(() => {
    const perms = new Set(me.data?.permissions ?? []);
    const build = (entries: MenuEntry[]): object[] =>
      entries
        .map((e) => {
          if (e.children) {
            const children = build(e.children);
            return children.length ? { key: e.key, icon: e.icon, label: t(e.labelKey), children } : null;
          }
          return !e.permission || perms.has(e.permission) ? { key: e.key, icon: e.icon, label: t(e.labelKey) } : null;
        })
        .filter(Boolean) as object[];
    return build(menu);
  }, [me.data, t]);

  if (me.isLoading) return <Spin style={{ margin: 80 }} />;
  if (me.isError || !me.data) return <Navigate to="/login" replace />;
  if (me.data.mustChangePassword && location.pathname !== '/password') return <Navigate to="/password" replace />;

  const logout = async () => {
    await post('/api/v1/auth/logout').catch(() => undefined);
    qc.clear();
    navigate('/login', { replace: true });
  };
  const selected = '/' + location.pathname.split('/').filter(Boolean).slice(0, 2).join('/');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={220} className="no-print">
        <div className="kehu-logo">客户 Kehu</div>
        <Menu theme="dark" mode="inline" items={items as never} selectedKeys={[location.pathname, selected]} defaultOpenKeys={['customers', 'service', 'admin']} onClick={(e) => navigate(e.key)} />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="no-print" style={{ background: '#fff', display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '0 24px' }}>
          <Typography.Text type="secondary" className="kehu-subtitle">
            {t('app.subtitle')}
          </Typography.Text>
          <Space size="middle">
            <Button type="text" icon={<GlobalOutlined />} onClick={() => setLanguage(currentLanguage() === 'zh-CN' ? 'en-US' : 'zh-CN')}>
              {t('app.language')}
            </Button>
            <Popover
              trigger="click"
              title={
                <Space>
                  {t('app.notifications')}
                  <Button size="small" type="link" onClick={() => void post('/api/v1/notifications/read', { all: true }).then(() => notifications.refetch())}>
                    {t('app.markAllRead')}
                  </Button>
                </Space>
              }
              content={
                <List
                  style={{ width: 320 }}
                  size="small"
                  locale={{ emptyText: t('app.noNotifications') }}
                  dataSource={notifications.data?.items ?? []}
                  renderItem={(n) => (
                    <List.Item onClick={() => n.link && navigate(n.link)} style={{ cursor: n.link ? 'pointer' : undefined }}>
                      <List.Item.Meta title={<span style={{ fontWeight: n.readAt ? 400 : 600 }}>{n.title}</span>} description={`${n.body ?? ''} ${formatDateTime(n.createdAt)}`} />
                    </List.Item>
                  )}
                />
              }
            >
              <Badge count={notifications.data?.unread ?? 0} size="small">
                <Button type="text" icon={<BellOutlined />} aria-label={t('app.notifications')} />
              </Badge>
            </Popover>
            <Dropdown
              menu={{
                items: [
                  { key: 'pw', icon: <LockOutlined />, label: t('app.changePassword'), onClick: () => navigate('/password') },
                  { key: 'out', icon: <LogoutOutlined />, label: t('app.logout'), onClick: () => void logout() },
                ],
              }}
            >
              <Button type="text" data-testid="user-menu">{me.data.displayName}</Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
