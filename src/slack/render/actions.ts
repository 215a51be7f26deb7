// The action list of a proposal's first message: per action its number, type, target, how long it lasts, its change
// class and the fields it changes (from its diff section), its reason, and an exec's command when it fits. It stays
// in the message with the buttons, however long the diff, so no action is ever only in a later reply.
import { shellWord } from '../../planner/index.js';
import type { ProposalView } from '../view.js';
import { type Block, section } from './blocks.js';
import { bodyAfterFacts, type ChangeFacts, changeFacts, type DiffSection, diffSections } from './diff.js';
import { code, fence, join, type Mrkdwn, md, raw, untrusted, wholeCodeBody } from './escape.js';
import { PERSISTENCE } from './labels.js';

/** An exec's command is repeated here when it is this short; a longer one is shown whole only in the diff. */
const INLINE_COMMAND_CHARS = 800;
/** All inline commands together, so the first message stays well within Slack's size. */
const INLINE_COMMANDS_TOTAL = 3_000;
const FACTS_CHARS = 400;

/** "Class `probe-tuning` · changes `livenessProbe.periodSeconds`, …"; the diff below has the whole line. */
function factsLine(facts: ChangeFacts): Mrkdwn {
  const shown: Mrkdwn[] = [];
  let used = 0;
  for (const f of facts.fields) {
    const c = code(f, 120);
    if (used + c.length > FACTS_CHARS) break;
    shown.push(c);
    used += c.length + 2;
  }
  const rest = facts.fields.length - shown.length;
  const fields =
    shown.length > 0 ? md` · changes ${join(shown, ', ')}${rest > 0 ? md` and ${rest} more` : raw('')}` : raw('');
  return md`Class ${code(facts.changeClass, 64)}${fields}`;
}

/** "edit_file /etc/app.yaml in shop/web-1/app" without its number and type. */
const targetOf = (s: DiffSection): string => s.title.replace(/^\d+\. \S+ ?/, '');

export function actionLines(p: ProposalView): Block[] {
  if (!p.proposal)
    return [
      section(
        md`:warning: This proposal cannot be shown: ${untrusted(p.error ?? 'it does not fit the schema', 500)}. It will not be applied.`,
      ),
    ];
  const sections = diffSections(p.diff);
  let inlineLeft = INLINE_COMMANDS_TOTAL;
  return p.proposal.actions.flatMap((a, i) => {
    const s = sections.find((x) => x.action === i + 1 && x.type === a.type);
    const target = s && targetOf(s) ? md` ${untrusted(targetOf(s), 300)}` : raw('');
    const facts = s ? changeFacts(s.body) : undefined;
    const lines: Mrkdwn[] = [md`*${i + 1}. ${code(a.type)}*${target} · _${raw(PERSISTENCE[a.type])}_`];
    if (facts) lines.push(factsLine(facts));
    lines.push(untrusted(a.reason, 300));
    const blocks: Block[] = [section(join(lines, '\n'))];
    if (a.type !== 'exec') return blocks;
    // Without a diff section (a hand-made proposal) the command comes from the argv, redacted all the same.
    const command = wholeCodeBody(
      s ? bodyAfterFacts(s.body).replace(/\n+$/, '') : `$ ${a.argv.map(shellWord).join(' ')}`,
    );
    if (command.length <= Math.min(INLINE_COMMAND_CHARS, inlineLeft)) {
      inlineLeft -= command.length;
      blocks.push(section(fence(command)));
    } else {
      const where = s
        ? raw('is shown whole in the diff below')
        : raw('is not in the stored diff; `clopus show` prints it whole');
      blocks.push(section(md`_Its command (${command.length} characters) ${where}._`));
    }
    return blocks;
  });
}
