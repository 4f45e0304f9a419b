// Workers' pages (安薪码): their own small bundle, no login, no staff portal code, no keycloak-js.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { ProjectPage } from './ProjectPage';
import { TrackPage } from './TrackPage';

function Page() {
  const path = window.location.pathname;
  const project = /^\/s\/([A-Z2-9]{12})\/?$/.exec(path);
  if (project) return <ProjectPage publicCode={project[1]!} />;
  if (path.replace(/\/$/, '') === '/track') return <TrackPage />;
  return (
    <main>
      <h1>页面不存在</h1>
      <p>
        请重新扫描工地告示牌上的二维码，或前往<a href="/track">查询办理进度</a>。
      </p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
