// The stylesheet's part for an incident's story since issue 15: the proposal history with its revisions, what
// became of each proposal, and the conversation in its thread. Joined into /assets/app.css by style.ts.

export const HISTORY_CSS = `
.history{list-style:none;margin:0;padding:0;display:grid;gap:0}
.history > li{position:relative;padding:0 0 0 22px}
.history > li::before{content:"";position:absolute;left:6px;top:0;bottom:0;width:2px;background:var(--border)}
.history > li:first-child::before{top:10px}
.history > li:last-child::before{bottom:auto;height:10px}
.history > li::after{content:"";position:absolute;left:1px;top:6px;width:8px;height:8px;border-radius:50%;background:var(--surface);border:2px solid var(--border-2)}
/* The last step is where the story stands now: the proposal to decide, or the revision being prepared. */
.history > li:last-child::after{border-color:var(--accent-2);background:var(--accent-2)}
.history-proposal{padding-bottom:14px}
.history-proposal:not(.latest) .proposal{opacity:.92}
.history-revision{padding-bottom:14px}
.history-revision::after{border-radius:3px;border-color:#a78bfa}
.revision{border:1px solid #ddd6fe;background:rgba(139,92,246,.06);border-radius:8px;padding:10px 12px;font-size:13px}
.revision-line{overflow-wrap:anywhere;line-height:1.55}
.revision .request{font-weight:550;color:var(--text)}
.what-changed{margin-top:8px}
.what-changed .label{display:block;margin-bottom:4px}
.changes{background:var(--code-bg);border:1px solid var(--border);border-radius:6px;padding:4px 0;max-height:320px}
.cl{display:block;padding:0 10px;white-space:pre;min-height:1.6em}
.cl-add{background:var(--add-bg);color:var(--add-fg)}
.cl-del{background:var(--del-bg);color:var(--del-fg)}
.fate{font-size:13px;margin:-4px 0 10px;overflow-wrap:anywhere}
.fate-reject strong{color:#b91c1c}
.fate-approve strong{color:#0f766e}
.fate .reason{color:var(--text)}
.folded-diff summary{cursor:pointer;font-size:12.5px;color:var(--accent);margin:2px 0 6px;width:max-content}
.folded-diff[open] summary{margin-bottom:8px}
.conversation{list-style:none;margin:0;padding:0;display:grid;gap:12px}
.answer{border:1px solid var(--border);border-radius:8px;padding:10px 12px;background:var(--surface-2)}
.answer-head{display:flex;gap:6px;align-items:center;flex-wrap:wrap;font-size:12.5px;margin-bottom:6px}
.question{font-size:13.5px;font-weight:550;white-space:pre-wrap;overflow-wrap:anywhere;margin-bottom:6px}
.answer-text{font-size:13px;color:var(--text-2);white-space:pre-wrap;overflow-wrap:anywhere;border-left:3px solid var(--accent-2);padding-left:10px}
.answer-text.answer-failed{border-left-color:#ef4444}
.answer-text.answer-refused{border-left-color:var(--border-2);color:var(--muted)}
.model-use{font-size:13px;margin:0 0 12px;display:grid;gap:2px}
@media (prefers-color-scheme:dark){.revision{border-color:#4c1d95}.fate-reject strong{color:#fca5a5}.fate-approve strong{color:#5eead4}}
`;
