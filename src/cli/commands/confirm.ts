// What an interactive `clopus approve` shows before it asks: the proposal as stored (summary and its diff, one
// section per action, whole), and the one question whose "y" is the approval.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { StoredProposal } from '../../planner/index.js';
import { at } from '../../present/index.js';
import type { Incident } from '../../store/index.js';
import { clean, plain } from '../format.js';

export const workloadLabel = (i: Pick<Incident, 'workloadKind' | 'workloadName' | 'namespace'>): string =>
  `${i.workloadKind.toLowerCase()}/${i.workloadName} in namespace ${i.namespace}`;

/** Whether a person can answer on this stdin. */
export const interactive = (stdin: Readable): boolean => (stdin as Readable & { isTTY?: boolean }).isTTY === true;

/** The proposal a person is asked about; cluster and model text without control characters, nothing cut. */
export function proposalText(incident: Incident, stored: StoredProposal): string {
  const { summary, actions } = stored.proposal;
  const lines = [
    `Proposal ${stored.id} for incident ${incident.id} (${workloadLabel(incident)}), made ${at(stored.createdAt)}:`,
    `  Root cause: ${clean(summary.rootCause)}`,
    `  Confidence: ${summary.confidence}   Risk: ${summary.risk}`,
  ];
  if (stored.diff.trim()) {
    lines.push(
      '',
      ...plain(stored.diff)
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
    );
  } else {
    // A proposal stored without a diff: its actions as the schema holds them.
    for (const [i, a] of actions.entries())
      lines.push(
        `  ${i + 1}. ${a.type}: ${clean(a.reason)}${a.type === 'exec' ? `\n     $ ${plain(a.argv.join(' '))}` : ''}`,
      );
  }
  return lines.join('\n');
}

/** Asks `question` and reads one line; only "y" or "yes" is a yes, and a closed stdin is a no. */
export async function confirm(stdin: Readable, out: Writable, question: string): Promise<boolean> {
  out.write(question);
  const rl = createInterface({ input: stdin, terminal: false });
  try {
    const line = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    return /^y(es)?$/i.test(line.trim());
  } finally {
    rl.close();
  }
}
