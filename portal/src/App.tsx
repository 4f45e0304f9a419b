import { Suspense, useMemo } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Empty, Result, Space, Spin, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { ProLayout } from '@ant-design/pro-components';
import { canOpen, menuFor, ROUTES } from './config/routes';
import { signOut, type User } from './auth/session';
import { UserContext } from './auth/UserContext';
import { AGENCY, label, regionName } from './lib/labels';
import { ApiError } from './services/errors';

dayjs.locale('zh-cn');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (403/404/422) will not change by asking again; an outage may.
      retry: (n, e) => n < 2 && !(e instanceof ApiError && e.status > 0 && e.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

const theme = {
  // Error red darkened from antd's #ff4d4f so field messages meet WCAG AA contrast (4.5:1) on white.
  token: {
    colorPrimary: '#b71c1c',
    colorError: '#c0141c',
    // Secondary text (statistic titles, hints) dark enough for 4.5:1 on white and on the grey page.
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    borderRadius: 4,
    fontSize: 14,
  },
};

function Shell({ user }: { user: User }) {
  const location = useLocation();
  const menu = useMemo(() => menuFor(user.roles), [user.roles]);
  const home = menu[0]?.path;
  return (
    <ProLayout
      title="根治欠薪协同平台"
      logo="/favicon.svg"
      layout="mix"
      fixSiderbar
      location={{ pathname: location.pathname }}
      route={{ path: '/', routes: menu.map((r) => ({ path: r.path, name: r.name })) }}
      menuItemRender={(item, dom) => (item.path ? <Link to={item.path}>{dom}</Link> : dom)}
      menuProps={{ 'aria-label': '功能菜单' } as object}
      actionsRender={() => [
        <Space key="user" size="middle" wrap>
          <Typography.Text data-testid="current-user" style={{ color: 'rgba(0, 0, 0, 0.88)' }}>
            {user.name}（{label(AGENCY, user.agency)} · {regionName(user.region)}）
          </Typography.Text>
          <Button size="small" onClick={signOut}>
            退出登录
          </Button>
        </Space>,
      ]}
      token={{ header: { colorBgHeader: '#fff' } }}
    >
      <Suspense fallback={<Spin style={{ display: 'block', margin: '4rem auto' }} />}>
        <Routes>
          {ROUTES.map((r) => (
            <Route
              key={r.path}
              path={r.path}
              element={
                canOpen(r, user.roles) ? (
                  <r.component />
                ) : (
                  <Result status="403" title="无权访问" subTitle="您的角色不能打开此页面。" />
                )
              }
            />
          ))}
          <Route
            path="/"
            element={
              home ? (
                <Navigate to={home} replace />
              ) : (
                <Result title="暂无可用功能" subTitle="您的账号尚未分配本平台的业务角色，请联系管理员。" />
              )
            }
          />
          <Route path="*" element={<Result status="404" title="页面不存在" />} />
        </Routes>
      </Suspense>
    </ProLayout>
  );
}

export function App({ user }: { user: User }) {
  return (
    // renderEmpty: ProTable's empty state otherwise falls back to antd's English default text.
    <ConfigProvider
      locale={zhCN}
      theme={theme}
      renderEmpty={() => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" />}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <UserContext.Provider value={user}>
            <BrowserRouter>
              <Shell user={user} />
            </BrowserRouter>
          </UserContext.Provider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
