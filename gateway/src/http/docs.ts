/**
 * A self-contained browsable page over /api/openapi.json (no CDN: the platform may run on closed networks).
 */
export function docsPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Wage platform API</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ddd}
.op{margin:.6rem 0;padding:.5rem .8rem;border:1px solid #e3e3e3;border-radius:6px}
.m{display:inline-block;min-width:4rem;font-weight:600;text-transform:uppercase}
.get{color:#0a6}.post{color:#06c}.put{color:#b60}.delete{color:#c22}
code{background:#f5f5f5;padding:0 .3rem}pre{background:#f7f7f7;padding:.5rem;overflow:auto;font-size:12px}
details summary{cursor:pointer}
</style></head><body>
<h1>Wage platform gateway · <code>/api/v1</code></h1>
<p>Bearer tokens from Keycloak realm <code>wage</code>. Errors are <code>application/problem+json</code>.
Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<div id="ops">Loading…</div>
<script>
fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{
  const byTag={};
  for(const [path,ops] of Object.entries(doc.paths||{}))for(const [m,op] of Object.entries(ops)){
    const t=(op.tags||['other'])[0];(byTag[t]=byTag[t]||[]).push({path,m,op});}
  const esc=s=>String(s).replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));
  document.getElementById('ops').innerHTML=Object.entries(byTag).map(([t,ops])=>'<h2>'+esc(t)+'</h2>'+ops.map(({path,m,op})=>
    '<div class="op"><span class="m '+m+'">'+m+'</span> <code>'+esc(path)+'</code> — '+esc(op.summary||'')+
    '<br><small>'+esc(op.description||'')+'</small>'+
    (op.requestBody?'<details><summary>request body</summary><pre>'+esc(JSON.stringify(op.requestBody.content['application/json'].schema,null,2))+'</pre></details>':'')+
    '</div>').join('')).join('');
});
</script></body></html>`;
}
