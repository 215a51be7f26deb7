// Pods from test/detector/pods/: `kubectl get pod -o json` output of the states issue 16 found, timed against NOW.
import { readdirSync, readFileSync } from 'node:fs';

type Json = Record<string, unknown>;

const DIR = new URL('./pods/', import.meta.url);

/** One fixture by file name, without `.json`: `pods/NAME.json`, or `pods/healthy/NAME.json` for `healthy/NAME`. */
export const podFixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`${name}.json`, DIR), 'utf8')) as Json;

/** Every pod under pods/healthy/, which no rule may flag. */
export const healthyFixtures = (): Array<[name: string, pod: Json]> =>
  readdirSync(new URL('healthy/', DIR))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [file.slice(0, -5), podFixture(`healthy/${file.slice(0, -5)}`)]);
