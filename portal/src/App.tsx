import { Suspense, useMemo } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Empty, Grid, Result, Space, Spin, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
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
    // antd's default link blue (#1677ff) is 4.0:1 on white; this one is 7:1.
    colorLink: '#0b4fa8',
    // Secondary text (statistic titles, hints) dark enough for 4.5:1 on white and on the grey page.
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    borderRadius: 4,
    fontSize: 14,
  },
  // Description labels default to the tertiary grey (3.4:1); officials read them all day. Status tags take
  // their text from shade 7 of each colour, under 4.5:1 for green, orange and gold: shade 8 meets it.
  components: {
    Descriptions: { labelColor: 'rgba(0, 0, 0, 0.65)' },
    Tag: { green7: '#237804', orange7: '#ad4e00', gold7: '#ad6800' },
  },
};

/** Who is signed in, in the header: name, agency and region on an office screen; the name alone on a phone. */
function CurrentUser({ user }: { user: User }) {
  const wide = Grid.useBreakpoint().md !== false;
  const who = `${label(AGENCY, user.agency)} · ${regionName(user.region)}`;
  return (
    <Space size={wide ? 'middle' : 'small'} align="center">
      <Typography.Text
        data-testid="current-user"
        title={`${user.name}（${who}）`}
        ellipsis
        // An ellipsis box sits on its bottom edge unless told otherwise, below the header's centre line.
        style={{ color: 'rgba(0, 0, 0, 0.88)', maxWidth: wide ? 480 : 120, verticalAlign: 'middle' }}
      >
        {wide ? `${user.name}（${who}）` : user.name}
      </Typography.Text>
      {wide ? (
        <Button size="small" onClick={signOut}>
          退出登录
        </Button>
      ) : (
        <Button size="small" type="text" icon={<LogoutOutlined />} aria-label="退出登录" onClick={signOut} />
      )}
    </Space>
  );
}

function Shell({ user }: { user: User }) {
  const location = useLocation();
  const menu = useMemo(() => menuFor(user.roles), [user.roles]);
  const home = menu[0]?.path;
  const wide = Grid.useBreakpoint().md !== false;
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
      actionsRender={() => [<CurrentUser key="user" user={user} />]}
      token={{ header: { colorBgHeader: '#fff' } }}
      // A phone keeps its few hundred pixels for the work, not for the office screen's margins.
      contentStyle={wide ? undefined : { padding: 8 }}
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
