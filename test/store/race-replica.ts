// A stand-in for another Clopus replica: a separate process racing the others on one database file.
// Usage: node --import tsx race-replica.ts DB_PATH NAME COUNT PROPOSED_IDS_JSON
// Prints "ready", waits for a byte on stdin, then creates COUNT incidents and decides every proposed one.
import { readSync } from 'node:fs';
import { openStore } from '../../src/store/index.js';
import { newIncident } from './fixtures.js';

const [path = '', name = 'replica', countText = '0', idsJson = '[]'] = process.argv.slice(2);
const store = openStore(path);
const count = Number(countText);
const proposed = JSON.parse(idsJson) as number[];

// Block until the parent says go, so that every replica hits the file at once rather than as each starts up.
process.stdout.write('ready\n');
readSync(0, Buffer.alloc(1));

const created: number[] = [];
for (let i = 0; i < count; i++) {
  created.push(store.createIncident(newIncident({ workloadName: `raced-${i}` }), name).id);
}
const won: number[] = [];
for (const [i, id] of proposed.entries()) {
  const to = (i + name.length) % 2 === 0 ? 'approved' : 'rejected';
  if (store.transition(id, 'proposed', to, { actor: name, action: 'decide' })) won.push(id);
}
store.close();
process.stdout.write(`${JSON.stringify({ created, won })}\n`);
