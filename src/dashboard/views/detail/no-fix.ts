// What a `no_fix` page says about getting a fix, from what the stored diagnoses show: whether Claude Code looked at
// all (a model run is recorded) or only the built-in runbooks did, and whether the planner was switched off.
import type { Diagnosis, Incident } from '../../../store/index.js';
import { type Html, html } from '../html.js';
import { isModelRun } from './usage.js';

/** The runbook planner's explanation names the setting when the model planner is off (fixer/diagnoser/plan.ts). */
const PLANNER_OFF = 'CLOPUS_PLANNER=runbooks';

function byHand(incident: Incident, evidence: boolean): Html {
  return html`<p><strong>Or fix it by hand.</strong>${evidence ? ' The evidence below shows what failed.' : ''} Once the detector no longer sees ${incident.reason} on ${incident.workloadName}, this incident resolves by itself.</p>`;
}

/** `evidence`: whether the page has evidence to point at. */
export function noFixHelp(incident: Incident, diagnoses: readonly Diagnosis[], evidence: boolean): Html {
  if (diagnoses.some(isModelRun)) {
    return html`<div class="callout help" id="how-to-fix"><div>
<p><strong>How to get a fix.</strong> Claude Code looked at this incident and found nothing safe to change; its reasoning is under Diagnosis. Clopus does not diagnose this incident again by itself.</p>
${byHand(incident, evidence)}
</div></div>`;
  }
  const off = diagnoses.some((d) => (d.explanation ?? '').includes(PLANNER_OFF));
  const credentials = html`set <code>ANTHROPIC_API_KEY</code>, or mount Claude Code's credentials and set <code>CLOPUS_CLAUDE_CREDENTIALS_FILE</code> to their path (Bedrock and Vertex work through <code>CLAUDE_CODE_USE_BEDROCK</code> or <code>CLAUDE_CODE_USE_VERTEX</code>)`;
  return html`<div class="callout help" id="how-to-fix"><div>
<p><strong>How to get a fix.</strong> Only the built-in runbooks looked at this incident, and none of them has a fix for it: ${off ? html`the model planner is off (<code>CLOPUS_PLANNER=runbooks</code>)` : 'Clopus has no model credentials'}, so Claude Code did not diagnose it.</p>
<p>To have Claude Code diagnose incidents like this one, ${off ? html`set <code>CLOPUS_PLANNER=auto</code> and ` : ''}${credentials}, then restart Clopus. Clopus does not diagnose this incident again by itself.</p>
${byHand(incident, evidence)}
</div></div>`;
}
