import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/slack/index.js';

describe('parseCommand', () => {
  it.each([
    ['', { name: 'help' }],
    ['help', { name: 'help' }],
    ['  STATUS  ', { name: 'status' }],
    ['scan', { name: 'scan', namespaces: [] }],
    ['scan shop web shop', { name: 'scan', namespaces: ['shop', 'web'] }],
    ['list', { name: 'list', filter: 'live' }],
    ['list all', { name: 'list', filter: 'all' }],
    ['list proposed', { name: 'list', filter: 'proposed' }],
    ['show 12', { name: 'show', id: 12 }],
    ['show #12', { name: 'show', id: 12 }],
    ['approve 3', { name: 'approve', id: 3 }],
    ['rollback 3', { name: 'rollback', id: 3 }],
    ['reject 3', { name: 'reject', id: 3 }],
    ['reject 3 not  during the  freeze', { name: 'reject', id: 3, reason: 'not  during the  freeze' }],
    ['reject 3 a &lt;b&gt; &amp; c', { name: 'reject', id: 3, reason: 'a <b> & c' }],
    ['pause', { name: 'pause' }],
    ['pause incident review', { name: 'pause', reason: 'incident review' }],
    ['resume', { name: 'resume' }],
    ['policy', { name: 'policy' }],
  ])('parses %j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['deploy prod', 'Unknown subcommand "deploy".'],
    ['show', 'show needs an incident ID, e.g. "show 12".'],
    ['show twelve', '"twelve" is not an incident ID; use the number shown as #12 on the incident.'],
    ['show 0', '"0" is not an incident ID; use the number shown as #12 on the incident.'],
    ['approve 1 2', 'approve takes one incident ID.'],
    ['reject', 'reject needs an incident ID, e.g. "reject 12".'],
    ['list broken', '"broken" is not a state; use live, all or one of:'],
    ['list a b', 'list takes at most one state.'],
    ['status now', 'status takes no arguments.'],
    ['scan Shop_1', '"Shop_1" is not a namespace name.'],
    ['resume please', 'resume takes no arguments.'],
    [`reject 1 ${'x'.repeat(501)}`, 'The reason is too long (at most 500 characters).'],
  ])('refuses %j', (text, error) => {
    const parsed = parseCommand(text);

    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(error);
  });
});
