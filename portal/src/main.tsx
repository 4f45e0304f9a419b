// antd 5 renders its click waves and static popups through React 16-18's render; this hands it React 19's.
import '@ant-design/v5-patch-for-react-19';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './phone.css';
import { signIn } from './auth/session';

const root = createRoot(document.getElementById('root')!);
signIn()
  .then((user) =>
    root.render(
      <StrictMode>
        <App user={user} />
      </StrictMode>,
    ),
  )
  .catch((e: unknown) => {
    // Keycloak unreachable or misconfigured: say so in Chinese rather than a blank page.
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.style.cssText = 'font:16px system-ui;margin:3rem;color:#a8071a';
    p.textContent = `无法连接统一身份认证服务，请稍后刷新重试。（${e instanceof Error ? e.message : String(e)}）`;
    document.getElementById('root')!.replaceChildren(p);
  });
