// Changes made outside Slack (the detector resolving, `clopus reject` in a terminal, a sweep) reach the incident's
// message through the audit trail, also when they happened while the bot was stopped.
import { afterEach, describe, expect, it } from 'vitest';
import { CURSOR_KEY } from '../../src/slack/index.js';
import { waitFor } from '../helpers/wait.js';
import { newIncident } from '../store/fixtures.js';
import { CHANNEL, type SlackHarness, startSlackHarness } from './harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const settled = (h: SlackHarness): boolean => h.store.listOutbox({ status: ['pending', 'sending'] }).length === 0;

describe('following changes', () => {
  it('updates the message when the incident moves elsewhere, without being told', async () => {
    h = await startSlackHarness();
    const id = h.store.createIncident(newIncident(), 'detector').id;
    h.slack.sync(id, { post: true });
    await waitFor(() => settled(h!) && h!.fake.topLevel(CHANNEL).length === 1);

    h.store.transition(id, 'open', 'resolved', {
      actor: 'detector',
      action: 'recovered',
      detail: { reason: 'all pods Ready for 120 s' },
    });
    await waitFor(() => /resolved$/.test(h!.fake.topLevel(CHANNEL)[0]!.text), { what: 'the message to show resolved' });

    expect(h.fake.topLevel(CHANNEL)[0]!.updates).toBe(1);
    expect(JSON.stringify(h.fake.topLevel(CHANNEL)[0]!.blocks)).toContain(
      ':large_green_circle: *resolved*: all pods Ready for 120 s.',
    );
  });

  it('shows after a restart what changed while the bot was stopped, and posts live incidents it never posted', async () => {
    h = await startSlackHarness();
    const shown = h.store.createIncident(newIncident({ workloadName: 'a' }), 'detector').id;
    h.slack.sync(shown, { post: true });
    await waitFor(() => settled(h!) && h!.fake.topLevel(CHANNEL).length === 1);
    await h.stopSlack();
    h.store.transition(shown, 'open', 'diagnosing', { actor: 'fixer' });
    const unseen = h.store.createIncident(newIncident({ workloadName: 'b' }), 'detector').id;

    await h.restartSlack();
    await waitFor(
      () =>
        settled(h!) && h!.fake.topLevel(CHANNEL).length === 2 && /diagnosing$/.test(h!.fake.topLevel(CHANNEL)[0]!.text),
      { what: 'both incidents shown, the first as diagnosing' },
    );

    expect(h.fake.topLevel(CHANNEL).map((m) => m.text)).toEqual([
      `[Clopus #${shown}] CrashLoopBackOff in deployment/a (namespace shop, cluster prod): diagnosing`,
      `[Clopus #${unseen}] CrashLoopBackOff in deployment/b (namespace shop, cluster prod): detected`,
    ]);
    expect(h.store.getSetting(CURSOR_KEY)?.value).toBe(h.store.incidentVersion(unseen));
  });
});
