// A large harmless edit never pushes a later action out of what the reviewer sees: through the outbox, the real
// WebClient and the Slack fake, the message with the buttons lists every action with its class and fields, and
// every piece of the diff is posted, the exec's command whole.
import { afterEach, describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../src/slack/render/escape.js';
import { waitFor } from '../helpers/wait.js';
import { bringTo, newIncident } from '../store/fixtures.js';
import { CHANNEL, type SlackHarness, startSlackHarness } from './harness.js';
import { texts } from './views.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const COMMAND = `echo ${'reload-the-cache-&-keep-serving '.repeat(70).trim()} >> /var/log/reload.log`;

/** A 30,000-character file diff, then an exec whose one line is longer than the redactor's 2000-character line cap. */
function bigProposal() {
  const lines = Array.from({ length: 460 }, (_, i) => `+setting_${String(i).padStart(3, '0')} = ${'v'.repeat(50)}`);
  const fileDiff = [
    'class: config-file · changes: /etc/app/app.conf',
    '--- a/etc/app/app.conf',
    '+++ b/etc/app/app.conf',
    '@@ -0,0 +1,460 @@',
    ...lines,
  ].join('\n');
  expect(fileDiff.length).toBeGreaterThanOrEqual(30_000);
  const diff = [
    '1. edit_file /etc/app/app.conf in shop/web-1/app',
    fileDiff,
    '2. exec in shop/web-1/app',
    'class: exec-allowed · changes: argv',
    `$ sh -c '${COMMAND}'`,
    '',
  ].join('\n');
  const actions = [
    {
      type: 'edit_file',
      reason: 'Write the full configuration',
      pod: 'web-1',
      container: 'app',
      path: '/etc/app/app.conf',
      content: lines.join('\n'),
    },
    {
      type: 'exec',
      reason: 'Reload the app so it reads the file',
      pod: 'web-1',
      container: 'app',
      argv: ['sh', '-c', COMMAND],
    },
  ];
  return { diff, actions, lines };
}

describe('a long proposal in Slack', () => {
  it('keeps every action in the message with the buttons and posts every chunk, the exec command whole', async () => {
    h = await startSlackHarness();
    const id = h.store.createIncident(newIncident(), 'detector').id;
    bringTo(h.store, id, 'diagnosing');
    const { diff, actions, lines } = bigProposal();
    h.store.saveProposal({
      incidentId: id,
      diagnosisId: null,
      summary: { rootCause: 'The config file is missing.', confidence: 'high', risk: 'low' },
      actions,
      diff,
    });
    h.store.transition(id, 'diagnosing', 'proposed', { actor: 'fixer' });

    h.slack.sync(id, { post: true });
    await waitFor(
      () =>
        h!.store.listOutbox({ status: ['pending', 'sending'] }).length === 0 && h!.fake.topLevel(CHANNEL).length === 1,
      { timeoutMs: 20_000 },
    );

    const thread = h.fake.thread(h.fake.topLevel(CHANNEL)[0]!.ts);
    expect(thread.length).toBeGreaterThan(2);
    const main = thread[0]!;
    const mainText = texts(main.blocks ?? []).join('\n');
    expect(mainText).toContain(
      '*1. `edit_file`* /etc/app/app.conf in shop/web-1/app · _hotfix, lost on restart_\nClass `config-file` · changes `/etc/app/app.conf`\nWrite the full configuration',
    );
    expect(mainText).toContain(
      '*2. `exec`* in shop/web-1/app · _hotfix, lost on restart_\nClass `exec-allowed` · changes `argv`\nReload the app so it reads the file',
    );
    expect(mainText).toMatch(/_Its command \(\d+ characters\) is shown whole in the diff below\._/);
    expect(
      (main.blocks ?? []).some(
        (b: any) => b.type === 'actions' && b.elements.some((e: any) => e.action_id === 'clopus_approve'),
      ),
    ).toBe(true);
    const received = thread.flatMap((m) => texts(m.blocks ?? [])).join('\n');
    expect(received).toContain(escapeMrkdwn(`$ sh -c '${COMMAND}'`));
    expect(received).not.toContain('…[+');
    const posted = received.split('\n').filter((l) => l.startsWith('+setting_'));
    expect(posted).toEqual(lines);
  });
});
