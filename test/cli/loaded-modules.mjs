// Preloaded with `node --import` ahead of bin/clopus.js: records every module URL the process resolves (ESM imports
// through the loader, CommonJS requires through Module._load) and writes them, one a line, to $LOADED_MODULES_OUT
// when the process exits. Plain JavaScript: it runs before tsx is registered.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const out = process.env.LOADED_MODULES_OUT;
const seen = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => seen.add(url));
port1.unref();
const hook = `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) { const r = await next(specifier, context); port.postMessage(r.url); return r; }`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { port: port2 }, transferList: [port2] });
const Module = createRequire(import.meta.url)('node:module');
const load = Module._load;
Module._load = function (request, parent, ...rest) {
  try {
    seen.add(Module._resolveFilename(request, parent));
  } catch {
    // a built-in or an unresolvable name: load() says what it says
  }
  return load.call(this, request, parent, ...rest);
};
process.on('exit', () => {
  if (out) appendFileSync(out, [...seen].join('\n') + '\n');
});
