// The dashboard's one stylesheet, served as /assets/app.css (the CSP allows no inline style). System fonts only.
import { HISTORY_CSS } from './style-history.js';

// Bars are sized by class, since style attributes are forbidden: .pct-37 sets --pct to 37%.
const PCT = Array.from({ length: 101 }, (_, i) => `.pct-${i}{--pct:${i}%}`).join('');

const TONES = `
.tone-amber{--t-bg:#fef3c7;--t-fg:#92400e;--t-dot:#f59e0b}
.tone-violet{--t-bg:#ede9fe;--t-fg:#5b21b6;--t-dot:#8b5cf6}
.tone-blue{--t-bg:#dbeafe;--t-fg:#1e40af;--t-dot:#3b82f6}
.tone-teal{--t-bg:#ccfbf1;--t-fg:#115e59;--t-dot:#14b8a6}
.tone-indigo{--t-bg:#e0e7ff;--t-fg:#3730a3;--t-dot:#6366f1}
.tone-cyan{--t-bg:#cffafe;--t-fg:#155e75;--t-dot:#06b6d4}
.tone-green{--t-bg:#dcfce7;--t-fg:#166534;--t-dot:#22c55e}
.tone-red{--t-bg:#fee2e2;--t-fg:#991b1b;--t-dot:#ef4444}
.tone-orange{--t-bg:#ffedd5;--t-fg:#9a3412;--t-dot:#f97316}
.tone-gray{--t-bg:#f1f5f9;--t-fg:#475569;--t-dot:#94a3b8}
.tone-plain{--t-bg:var(--chip-bg);--t-fg:var(--text-2);--t-dot:transparent}
@media (prefers-color-scheme:dark){
.tone-amber{--t-bg:#3b2a0a;--t-fg:#fcd34d}
.tone-violet{--t-bg:#2b1f4d;--t-fg:#c4b5fd}
.tone-blue{--t-bg:#172a4d;--t-fg:#93c5fd}
.tone-teal{--t-bg:#0f332f;--t-fg:#5eead4}
.tone-indigo{--t-bg:#1f2452;--t-fg:#a5b4fc}
.tone-cyan{--t-bg:#0c3440;--t-fg:#67e8f9}
.tone-green{--t-bg:#0f3320;--t-fg:#86efac}
.tone-red{--t-bg:#3f1416;--t-fg:#fca5a5}
.tone-orange{--t-bg:#3d2210;--t-fg:#fdba74}
.tone-gray{--t-bg:#1e2636;--t-fg:#cbd5e1}
}`;

const BASE = `
:root{
  --bg:#f5f6f8;--surface:#fff;--surface-2:#f9fafb;--border:#e5e7eb;--border-2:#d1d5db;
  --text:#111827;--text-2:#374151;--muted:#6b7280;--accent:#4f46e5;--accent-2:#6366f1;--chip-bg:#f1f5f9;
  --top:#0f172a;--top-text:#cbd5e1;--top-strong:#fff;
  --add-bg:#e9fbef;--add-fg:#14532d;--add-mark:#22c55e;--del-bg:#fff0f0;--del-fg:#7f1d1d;--del-mark:#ef4444;
  --hunk-bg:#eef4ff;--hunk-fg:#1e40af;--code-bg:#fbfbfc;--log-bg:#0f172a;--log-fg:#e2e8f0;
  --shadow:0 1px 2px rgba(16,24,40,.04),0 1px 3px rgba(16,24,40,.06);
  --radius:10px;
  --font:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;
  --mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace;
  color-scheme:light dark;
}
@media (prefers-color-scheme:dark){:root{
  --bg:#0b0f19;--surface:#111827;--surface-2:#0f1522;--border:#1f2937;--border-2:#374151;
  --text:#e5e7eb;--text-2:#d1d5db;--muted:#9ca3af;--accent:#818cf8;--accent-2:#a5b4fc;--chip-bg:#1f2937;
  --top:#05070d;--add-bg:#0f2a1a;--add-fg:#bbf7d0;--del-bg:#2d1215;--del-fg:#fecaca;--hunk-bg:#14213d;--hunk-fg:#93c5fd;
  --code-bg:#0d1320;--log-bg:#05070d;--shadow:none;
}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 var(--font);font-feature-settings:"tnum" 0}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
h1{font-size:22px;line-height:1.3;margin:0 0 4px;font-weight:650;letter-spacing:-.01em}
h2{font-size:14px;margin:0;font-weight:600;letter-spacing:.01em}
h3{font-size:12px;margin:0 0 8px;font-weight:600;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.mono{font-family:var(--mono);font-size:12.5px}
.strong{font-weight:600}
.muted{color:var(--muted)}
.small{font-size:12px}
.wrap{overflow-wrap:anywhere;word-break:break-word}
.spacer{flex:1}
.label{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);font-weight:600}
`;

const CHROME = `
.topbar{background:var(--top);color:var(--top-text);position:sticky;top:0;z-index:10;border-bottom:1px solid rgba(255,255,255,.06)}
.topbar-inner{max-width:1280px;margin:0 auto;padding:0 24px;height:52px;display:flex;align-items:center;gap:16px}
.brand{color:var(--top-strong);font-weight:700;font-size:15px;display:flex;align-items:center;gap:9px;letter-spacing:-.01em}
.brand:hover{text-decoration:none}
.brand-mark{width:14px;height:14px;background:linear-gradient(135deg,#a5b4fc,#6366f1);transform:rotate(45deg);border-radius:3px;box-shadow:0 0 0 3px rgba(99,102,241,.25)}
.cluster{font-family:var(--mono);font-size:12px;color:#e0e7ff;background:rgba(99,102,241,.18);border:1px solid rgba(129,140,248,.35);padding:2px 9px;border-radius:999px}
.nav{display:flex;gap:4px;margin-left:8px}
.nav-link{color:var(--top-text);padding:6px 10px;border-radius:7px;font-weight:500}
.nav-link:hover{color:#fff;background:rgba(255,255,255,.06);text-decoration:none}
.nav-link.active{color:#fff;background:rgba(255,255,255,.1)}
.nav-link.subtle{font-size:13px}
.live{display:flex;align-items:center;gap:6px;font-size:12px;color:#a7f3d0}
.live-dot{width:7px;height:7px;border-radius:50%;background:#34d399;box-shadow:0 0 0 0 rgba(52,211,153,.6);animation:pulse 2s infinite}
@keyframes pulse{0%{box-shadow:0 0 0 0 rgba(52,211,153,.55)}70%{box-shadow:0 0 0 7px rgba(52,211,153,0)}100%{box-shadow:0 0 0 0 rgba(52,211,153,0)}}
@media (prefers-reduced-motion:reduce){.live-dot{animation:none}}
.live-offline,.live-stale{padding:1px 9px;border-radius:999px;font-weight:600}
.live-offline{color:#fecaca;background:rgba(239,68,68,.16);border:1px solid rgba(248,113,113,.45)}
.live-stale{color:#fde68a;background:rgba(245,158,11,.14);border:1px solid rgba(251,191,36,.4)}
.live-offline .live-dot,.live-stale .live-dot{animation:none;background:transparent;box-shadow:none;border:1.5px solid currentColor;width:8px;height:8px}
body.not-live .live-region{opacity:.6;transition:opacity .3s}
.readonly{font-size:11px;text-transform:uppercase;letter-spacing:.08em;color:#94a3b8;border:1px solid #334155;border-radius:6px;padding:1px 7px}
.page{max-width:1280px;margin:0 auto;padding:24px 24px 64px}
.page-head{display:flex;align-items:flex-end;gap:16px;margin-bottom:18px;flex-wrap:wrap}
.page-head p{margin:0}
`;

const PARTS = `
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin-bottom:16px}
.card{background:var(--surface);border:1px solid var(--border);border-radius:var(--radius);padding:14px 16px;box-shadow:var(--shadow);color:inherit;display:block;position:relative;overflow:hidden}
a.card:hover{text-decoration:none;border-color:var(--border-2)}
.card-label{font-size:12px;color:var(--muted);font-weight:500}
.card-value{font-size:26px;font-weight:650;letter-spacing:-.02em;margin:2px 0;font-variant-numeric:tabular-nums}
.card-note{font-size:12px;color:var(--muted)}
.card-attention{border-color:#c7d2fe;background:linear-gradient(180deg,rgba(99,102,241,.07),transparent 60%),var(--surface)}
@media (prefers-color-scheme:dark){.card-attention{border-color:#3730a3}}
.card-attention::before,.card-warn::before{content:"";position:absolute;left:0;top:0;bottom:0;width:3px;background:var(--accent-2)}
.card-warn::before{background:#f59e0b}
.panel{background:var(--surface);border:1px solid var(--border);border-radius:var(--radius);box-shadow:var(--shadow);padding:16px;min-width:0}
.panel + .panel{margin-top:16px}
.panel-head{display:flex;align-items:baseline;gap:12px;margin-bottom:12px}
.panel-head .more{margin-left:auto;font-size:13px}
.panel-head .muted{margin-left:auto;font-size:12px}
.grid-2{display:grid;grid-template-columns:minmax(0,2.2fr) minmax(280px,1fr);gap:16px;margin-bottom:16px;align-items:start}
.grid-3{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:16px;align-items:start}
.grid-2 .panel + .panel,.grid-3 .panel + .panel{margin-top:0}
.stack{display:grid;gap:16px;min-width:0;align-content:start}
.panel-attention{border-color:#fed7aa;box-shadow:inset 3px 0 0 #f59e0b,var(--shadow)}
@media (prefers-color-scheme:dark){.panel-attention{border-color:#7c2d12}}
.panel-note{margin:-6px 0 8px;font-size:12.5px}
td.next{color:var(--text-2);font-size:12.5px;max-width:360px;vertical-align:middle}
.empty{color:var(--muted);padding:28px 16px;text-align:center;background:var(--surface-2);border:1px dashed var(--border);border-radius:8px}
.empty.small{padding:12px 14px;text-align:left;font-size:13px}
.badge,.chip{display:inline-flex;align-items:center;gap:6px;white-space:nowrap;border-radius:999px;font-size:12px;font-weight:550;line-height:20px;padding:0 9px;background:var(--t-bg);color:var(--t-fg)}
.badge::before{content:"";width:6px;height:6px;border-radius:50%;background:var(--t-dot)}
.badge[data-state=diagnosing]::before,.badge[data-state=applying]::before{animation:blink 1.4s ease-in-out infinite}
@keyframes blink{50%{opacity:.25}}
.chip{border-radius:6px;font-weight:500;padding:0 7px}
.chips{display:flex;gap:6px;flex-wrap:wrap;margin:6px 0}
.callout{border-radius:8px;padding:10px 12px;margin:10px 0 0;font-size:13px;display:flex;gap:8px;align-items:center;flex-wrap:wrap;border:1px solid var(--border);background:var(--surface-2)}
.callout.ok{border-color:#bbf7d0;background:rgba(34,197,94,.07)}
.callout.warn{border-color:#fed7aa;background:rgba(249,115,22,.07)}
.callout.error{border-color:#fecaca;background:rgba(239,68,68,.07);display:block}
`;

const TABLES = `
.table-wrap{overflow-x:auto;margin:0 -16px;padding:0 16px}
table{width:100%;border-collapse:collapse;font-size:13px}
th{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);font-weight:600;text-align:left;padding:8px 10px;border-bottom:1px solid var(--border);white-space:nowrap}
td{padding:9px 10px;border-bottom:1px solid var(--border);vertical-align:top}
tbody tr:last-child td{border-bottom:0}
tbody tr:hover td{background:var(--surface-2)}
th:first-child,td:first-child{padding-left:0}
th:last-child,td:last-child{padding-right:0}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.when{white-space:nowrap;color:var(--muted)}
table.incidents td{vertical-align:middle}
.id-link{font-family:var(--mono);font-size:12.5px;color:var(--muted)}
.workload a{color:var(--text);font-weight:600}
.workload .kind{color:var(--muted);font-size:12px}
.workload .sub{color:var(--muted);font-size:12px;white-space:nowrap}
.message{max-width:360px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;color:var(--text-2)}
table.compact td,table.compact th{padding:6px 8px}
table.compact th:first-child,table.compact td:first-child{padding-left:0}
tfoot td{font-weight:600;border-top:1px solid var(--border);border-bottom:0}
`;

const OVERVIEW = `
.state-groups{display:grid;gap:14px}
.state-group ul{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:6px}
.state-count{display:flex;align-items:center;justify-content:space-between;padding:5px 8px 5px 6px;border:1px solid var(--border);border-radius:8px;color:var(--text)}
.state-count:hover{text-decoration:none;border-color:var(--border-2);background:var(--surface-2)}
.state-count .n{font-weight:600;font-variant-numeric:tabular-nums}
.state-count.zero{opacity:.55}
.bars{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.bars li{display:grid;grid-template-columns:minmax(0,150px) 1fr auto;gap:10px;align-items:center;font-size:13px}
.bar-label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar-label a{color:var(--text-2)}
.bar-track{height:8px;background:var(--chip-bg);border-radius:999px;overflow:hidden}
.bar-fill{display:block;height:100%;width:var(--pct);background:linear-gradient(90deg,var(--accent-2),var(--accent));border-radius:999px}
.bar-value{font-variant-numeric:tabular-nums;color:var(--muted);min-width:2.5em;text-align:right}
.columns{margin:0}
.columns-plot{display:flex;align-items:flex-end;gap:6px;height:120px;border-bottom:1px solid var(--border);padding-top:16px}
.col{flex:1;height:100%;display:flex;flex-direction:column;justify-content:flex-end;align-items:center;min-width:0}
.col-bar{width:100%;max-width:34px;height:var(--pct);min-height:0;background:linear-gradient(180deg,var(--accent-2),var(--accent));border-radius:4px 4px 0 0}
.col-bar.pct-0{height:2px;background:var(--border)}
.col-value{font-size:11px;color:var(--muted);font-variant-numeric:tabular-nums;line-height:16px}
.columns-axis{display:flex;gap:6px;margin-top:6px}
.col-label{flex:1;text-align:center;font-size:11px;color:var(--muted);min-width:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.col-note{display:block;font-size:10.5px;color:var(--accent)}
`;

const LIST = `
.filters{display:flex;gap:10px;align-items:flex-end;flex-wrap:wrap;background:var(--surface);border:1px solid var(--border);border-radius:var(--radius);padding:12px 14px;margin-bottom:16px;box-shadow:var(--shadow)}
.field{display:flex;flex-direction:column;gap:4px;font-size:12px;color:var(--muted);font-weight:500}
.field.grow{flex:1;min-width:220px}
.field.actions{flex-direction:row;gap:8px}
input,select,button,.button{font:inherit;font-size:13px;height:34px;border-radius:8px;border:1px solid var(--border-2);background:var(--surface);color:var(--text);padding:0 10px}
select{padding-right:28px;min-width:140px}
input:focus,select:focus,button:focus-visible,.button:focus-visible,a:focus-visible,pre:focus-visible{outline:2px solid var(--accent-2);outline-offset:1px}
button{background:var(--accent);border-color:var(--accent);color:#fff;font-weight:600;padding:0 16px;cursor:pointer}
button:hover{filter:brightness(1.08)}
.button{display:inline-flex;align-items:center;color:var(--text-2);font-weight:500}
.button:hover{text-decoration:none;background:var(--surface-2)}
.button.disabled{opacity:.45;pointer-events:none}
.results-head{display:flex;align-items:center;margin-bottom:8px;font-size:13px}
.pager{display:flex;align-items:center;justify-content:space-between;gap:12px;margin-top:14px;font-size:13px}
`;

const DETAIL = `
.crumbs{font-size:13px;color:var(--muted);margin-bottom:8px}
.incident-head{margin-bottom:18px}
.incident-head h1{font-size:24px;overflow-wrap:anywhere}
.incident-head .kind{color:var(--muted);font-weight:500;font-size:16px}
.incident-head .ns{color:var(--muted);font-weight:500}
.head-chips{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:6px 0}
.incident-head .message{margin:6px 0 0;color:var(--text-2);font-size:14px;overflow-wrap:anywhere;max-width:900px}
.message.past{color:var(--muted)}
.was{font-size:11px;text-transform:uppercase;letter-spacing:.06em;font-weight:600;color:var(--muted)}
.history-note{margin:0 0 8px}
.pods.past .strong{font-weight:500;color:var(--text-2)}
.callout.help{display:block;border-color:#c7d2fe;background:rgba(99,102,241,.06);margin:0 0 12px}
.callout.help p{margin:0 0 6px}
.callout.help p:last-child{margin:0}
code{font-family:var(--mono);font-size:12px;background:var(--chip-bg);border-radius:4px;padding:0 4px}
.planner-line{margin:8px 0 0}
.detail-grid{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:16px;align-items:start}
.detail-side{position:sticky;top:68px}
.facts{margin:0;display:grid;gap:8px}
.fact{display:grid;grid-template-columns:112px minmax(0,1fr);gap:8px;font-size:13px}
.fact dt{color:var(--muted)}
.fact dd{margin:0;overflow-wrap:anywhere}
.pods{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.pods li{padding-bottom:8px;border-bottom:1px solid var(--border)}
.pods li:last-child{border-bottom:0;padding-bottom:0}
.root-cause{font-size:15px;margin:0 0 4px;line-height:1.55}
.explanation{margin:8px 0 0;color:var(--text-2)}
.proposal-head{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-bottom:10px;font-size:13px}
ol.actions{margin:0 0 12px;padding-left:20px;display:grid;gap:6px;font-size:13px}
.diff-wrap{border:1px solid var(--border);border-radius:8px;overflow:hidden;background:var(--code-bg)}
.diff-stats{font-family:var(--mono);font-size:12px;padding:6px 12px;border-bottom:1px solid var(--border);background:var(--surface-2)}
.diff-add-count{color:#16a34a;font-weight:600}
.diff-del-count{color:#dc2626;font-weight:600}
pre{margin:0;font-family:var(--mono);font-size:12.5px;line-height:1.6;overflow:auto}
.diff{padding:6px 0;max-height:640px}
.dl{display:block;padding:0 12px 0 14px;white-space:pre;min-height:1.6em;border-left:3px solid transparent}
.dl-add{background:var(--add-bg);color:var(--add-fg);border-left-color:var(--add-mark)}
.dl-del{background:var(--del-bg);color:var(--del-fg);border-left-color:var(--del-mark)}
.dl-hunk{background:var(--hunk-bg);color:var(--hunk-fg)}
.dl-title{font-family:var(--font);font-weight:650;font-size:13px;padding-top:8px;padding-bottom:4px;color:var(--text)}
.dl-title:not(:first-child){margin-top:8px;border-top:1px solid var(--border)}
.dl-file{color:var(--muted);font-weight:600}
.dl-note,.dl-meta{color:var(--muted);font-style:italic}
.decisions{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.decisions li{display:flex;gap:10px;align-items:center;flex-wrap:wrap;font-size:13px}
.evidence{border:1px solid var(--border);border-radius:8px;padding:12px;background:var(--surface-2)}
.evidence + .evidence{margin-top:12px}
.evidence header{display:flex;align-items:center;gap:6px;margin-bottom:6px}
.evidence-meta,.termination{font-size:13px;margin:4px 0}
.evidence table{margin:8px 0}
.log-head{margin:10px 0 6px;display:flex;gap:6px;align-items:center}
.log{background:var(--log-bg);color:var(--log-fg);padding:10px 12px;border-radius:7px;max-height:360px;white-space:pre-wrap;overflow-wrap:anywhere}
.timeline{list-style:none;margin:0;padding:0 0 0 4px;position:relative}
.timeline::before{content:"";position:absolute;left:8px;top:6px;bottom:6px;width:2px;background:var(--border)}
.timeline li{position:relative;padding:0 0 14px 26px}
.timeline li::before{content:"";position:absolute;left:0;top:5px;width:10px;height:10px;border-radius:50%;background:var(--surface);border:2px solid var(--accent-2)}
.timeline li.event::before{border-color:var(--border-2)}
.tl-when{font-size:12px;color:var(--muted);font-variant-numeric:tabular-nums}
.tl-what{display:flex;gap:6px;align-items:center;flex-wrap:wrap;font-size:13px}
.arrow{color:var(--muted)}
.actor{font-family:var(--mono);font-size:12px}
.event-name{font-weight:600}
.kv{display:flex;flex-wrap:wrap;gap:2px 14px;margin:4px 0 0;font-size:12px}
.kv div{display:flex;gap:5px;min-width:0;max-width:100%}
.kv dt{color:var(--muted)}
.kv dd{margin:0;font-family:var(--mono);font-size:11.5px;color:var(--text-2);overflow-wrap:anywhere;min-width:0}
.detail-text{font-size:12.5px;color:var(--text-2);margin-top:4px;overflow-wrap:anywhere}
.usage{list-style:none;margin:0;padding:0;display:grid;gap:10px}
.usage-head{display:flex;gap:6px;align-items:center;flex-wrap:wrap;margin-bottom:4px;font-size:13px}
.mini{display:grid;grid-template-columns:1fr 1fr;gap:4px 12px;margin:0;font-size:12.5px}
.mini dt{color:var(--muted);font-size:11px}
.mini dd{margin:0;font-variant-numeric:tabular-nums}
.usage-total{margin-top:12px;padding-top:10px;border-top:1px solid var(--border)}
.login{max-width:420px;margin:8vh auto 0;background:var(--surface);border:1px solid var(--border);border-radius:14px;padding:28px;box-shadow:var(--shadow)}
.login-form{display:grid;gap:14px;margin-top:16px}
.login-form input{width:100%}
.signout{margin:0;display:flex}
.signout .nav-link{background:transparent;border:0;height:auto;font-weight:500;cursor:pointer}
.signout .nav-link:hover{filter:none;color:#fff;background:rgba(255,255,255,.06)}
`;

const RESPONSIVE = `
@media (max-width:1100px){.grid-3{grid-template-columns:1fr 1fr}.detail-grid{grid-template-columns:minmax(0,1fr) 300px}}
@media (max-width:900px){.grid-2,.grid-3,.detail-grid{grid-template-columns:minmax(0,1fr)}.detail-side{position:static}.readonly{display:none}}
@media (max-width:640px){.topbar-inner,.page{padding-left:14px;padding-right:14px}.hide-sm{display:none}.cluster{display:none}.live:not(.live-offline):not(.live-stale){display:none}.card-value{font-size:22px}}
`;

export const APP_CSS = [BASE, TONES, CHROME, PARTS, TABLES, OVERVIEW, LIST, DETAIL, HISTORY_CSS, RESPONSIVE, PCT].join(
  '\n',
);
