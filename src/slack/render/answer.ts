// Claude's answer to a question in an incident's thread (or a DM): the words as untrusted text — redacted, controls
// stripped, escaped, unable to open a code block or ping anyone — and a line saying who answered and from what.
import { sanitize } from '../../redact/index.js';
import { type Block, context, LIMITS, section } from './blocks.js';
import { breakFences, cut, escapeMrkdwn, type Mrkdwn, md, mention, prose, raw } from './escape.js';
import type { Reply } from './replies.js';

/** An answer is at most ~3000 characters; escaping can make it longer, so it may take a few sections. */
const MAX_SECTIONS = 4;
const SECTION_CHARS = LIMITS.sectionText - 100;

export interface AnswerShown {
  incidentId: number;
  /** Slack user ID of who asked. */
  askedBy: string;
  /** Redacted already; made safe again here. */
  text: string;
  /** Continued the diagnosis session rather than a fresh one with the evidence. */
  resumed: boolean;
}

/** Multi-line untrusted text, escaped, in sections cut at line ends (a line too long for one is cut itself). */
function bodySections(value: string): Block[] {
  const escaped = breakFences(escapeMrkdwn(sanitize(value, Number.MAX_SAFE_INTEGER).text)).trim() || ' ';
  const chunks: string[] = [];
  let current = '';
  for (const line of escaped.split('\n')) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length <= SECTION_CHARS) current = next;
    else {
      if (current) chunks.push(current);
      current = line;
    }
  }
  if (current) chunks.push(current);
  return chunks.slice(0, MAX_SECTIONS).map((c) => section(cut(raw(c), SECTION_CHARS)));
}

export function answerReply(a: AnswerShown): Reply {
  const from = a.resumed
    ? raw('resumed from the diagnosis session')
    : raw("fresh session with the incident's evidence");
  const line: Mrkdwn = md`:robot_face: Answer by Claude Code · ${from} · asked by ${mention(a.askedBy)} about incident ${a.incidentId}`;
  return {
    text: md`Incident ${a.incidentId}: ${prose(a.text, 2900)}`,
    blocks: [...bodySections(a.text), context([line])],
    public: true,
  };
}
