// patch_workload inside the envelope: every field the server's dry run says would change must belong to one
// change class and stay within its bounds. The patch text is never judged; what would land is.
import type { WorkloadKind } from '../../core/index.js';
import { parseImage, repositoryOf } from './image.js';
import { parseResource } from './quantity.js';
import type { EnvelopeSettings } from './settings.js';
import { type FieldChange, pathText, type Segment, specChanges } from './spec-diff.js';
import type { ChangeClass } from './types.js';

type Obj = Record<string, unknown>;

export interface PatchFacts {
  kind: WorkloadKind;
  before: Obj;
  /** The server's dry-run answer for this patch. */
  after: Obj;
  /** Container name → images earlier revisions of this workload ran (ReplicaSets, ControllerRevisions). */
  previousImages: ReadonlyMap<string, ReadonlySet<string>>;
  settings: EnvelopeSettings;
}

export type PatchVerdict = { ok: true; changeClass: ChangeClass; fields: string[] } | { ok: false; problems: string[] };

/** Where the pod template's spec sits in each workload kind. */
export function podSpecPath(kind: WorkloadKind): string[] {
  return kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers']);
const PROBES = new Set(['livenessProbe', 'readinessProbe', 'startupProbe']);
/** Probe timings and thresholds, with the largest value accepted; the probe's handler is not among them. */
const PROBE_TIMINGS: Record<string, { min: number; max: number }> = {
  initialDelaySeconds: { min: 0, max: 3600 },
  timeoutSeconds: { min: 1, max: 600 },
  periodSeconds: { min: 1, max: 600 },
  successThreshold: { min: 1, max: 10 },
  failureThreshold: { min: 1, max: 100 },
  terminationGracePeriodSeconds: { min: 1, max: 3600 },
};
const SCALABLE: readonly WorkloadKind[] = ['Deployment', 'StatefulSet'];

/**
 * Env var names that change how a process loads code, trusts TLS or routes traffic: setting one is arbitrary
 * code or interception, not configuration. Matched case-insensitively.
 */
const ENV_DENY = [
  /^LD_/,
  /^DYLD_/,
  /^NODE_OPTIONS$/,
  /^NODE_PATH$/,
  /^NODE_EXTRA_CA_CERTS$/,
  /_PROXY$/,
  /TLS.*REJECT/,
  /REJECT.*TLS/,
  /^JAVA_TOOL_OPTIONS$/,
  /^_JAVA_OPTIONS$/,
  /^JDK_JAVA_OPTIONS$/,
  /^JAVA_OPTS$/,
  /^CATALINA_OPTS$/,
  /^PYTHON(PATH|STARTUP|HOME|INSPECT|USERBASE)$/,
  /^PERL5(LIB|OPT)$/,
  /^PERLLIB$/,
  /^RUBY(OPT|LIB)$/,
  /^GEM_(PATH|HOME)$/,
  /^PATH$/,
  /^BASH_ENV$/,
  /^ENV$/,
  /^SHELLOPTS$/,
  /^PROMPT_COMMAND$/,
  /^IFS$/,
  /^HOME$/,
  /^SSL_CERT_(FILE|DIR)$/,
  /^REQUESTS_CA_BUNDLE$/,
  /^CURL_CA_BUNDLE$/,
  /^GIT_SSL_NO_VERIFY$/,
  /^GODEBUG$/,
  /^GCONV_PATH$/,
  /^LOCPATH$/,
  /^HOSTALIASES$/,
  /^RES_OPTIONS$/,
  /^KUBERNETES_/,
  /^MALLOC_/,
  /^GLIBC_TUNABLES$/,
  /^PHPRC$/,
  /^PHP_INI_SCAN_DIR$/,
  /^DOTNET_STARTUP_HOOKS$/,
  /^CORECLR_/,
  /^COR_(ENABLE_PROFILING|PROFILER)/,
];

export const isDeniedEnvName = (name: string): boolean => ENV_DENY.some((re) => re.test(name.toUpperCase()));

type Match = { changeClass: ChangeClass; problem?: string } | undefined;

const keyAt = (path: readonly Segment[], i: number): string | undefined => {
  const s = path[i];
  return s && 'key' in s ? s.key : undefined;
};
const nameAt = (path: readonly Segment[], i: number): string | undefined => {
  const s = path[i];
  return s && 'name' in s ? s.name : undefined;
};

function getAt(obj: unknown, path: readonly Segment[]): unknown {
  let node = obj;
  for (const s of path) {
    if ('key' in s)
      node = typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Obj)[s.key] : undefined;
    else if ('index' in s) node = Array.isArray(node) ? node[s.index] : undefined;
    else
      node = Array.isArray(node)
        ? node.find((x) => typeof x === 'object' && x !== null && (x as Obj).name === s.name)
        : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

function resources(c: FieldChange, resource: string, facts: PatchFacts): Match {
  const changeClass = 'resources' as const;
  if (resource !== 'cpu' && resource !== 'memory')
    return { changeClass, problem: `only cpu and memory may be changed, not ${resource}` };
  if (c.after === undefined) return { changeClass, problem: 'removes the value, which lifts the bound entirely' };
  const next = parseResource(resource, c.after);
  if (next === undefined || next <= 0)
    return { changeClass, problem: `"${String(c.after)}" is not a positive ${resource} quantity` };
  const { maxFactor, maxCpu, maxMemory } = facts.settings.resources;
  const capText = resource === 'cpu' ? maxCpu : maxMemory;
  const cap = parseResource(resource, capText)!;
  if (next > cap)
    return { changeClass, problem: `${String(c.after)} is over the cap of ${capText} (fixer.envelope.resources)` };
  const prev = c.before === undefined ? undefined : parseResource(resource, c.before);
  if (prev !== undefined && prev > 0 && (next > prev * maxFactor || next * maxFactor < prev)) {
    return {
      changeClass,
      problem: `${String(c.before)} → ${String(c.after)} changes it by more than ${maxFactor}× (fixer.envelope.resources.maxFactor)`,
    };
  }
  return { changeClass };
}

function image(c: FieldChange, container: string, facts: PatchFacts): Match {
  const next = typeof c.after === 'string' ? parseImage(c.after) : undefined;
  const prev = typeof c.before === 'string' ? parseImage(c.before) : undefined;
  if (!next) return { changeClass: 'image-tag', problem: `"${String(c.after)}" is not an image reference` };
  if (!prev) return { changeClass: 'image-tag', problem: 'the container had no image to compare with' };
  if (repositoryOf(next) !== repositoryOf(prev)) {
    return {
      changeClass: 'image-tag',
      problem: `${repositoryOf(next)} is not the container's repository ${repositoryOf(prev)}; only another tag or digest of the same repository is allowed`,
    };
  }
  if (facts.previousImages.get(container)?.has(c.after as string)) return { changeClass: 'image-rollback' };
  if (next.digest === undefined && (next.tag === undefined || next.tag.toLowerCase() === 'latest')) {
    return {
      changeClass: 'image-tag',
      problem: `"${String(c.after)}" names no fixed version (a tag other than latest, or a digest)`,
    };
  }
  return { changeClass: 'image-tag' };
}

function probe(
  c: FieldChange,
  rel: readonly Segment[],
  field: string,
  facts: PatchFacts,
  templateAt: Segment[],
): Match {
  const changeClass = 'probe-tuning' as const;
  const bounds = PROBE_TIMINGS[field];
  if (!bounds || rel.length !== 4) return undefined;
  const probePath = [...templateAt, ...rel.slice(0, 3)];
  if (getAt(facts.before, probePath) === undefined || getAt(facts.after, probePath) === undefined)
    return { changeClass, problem: "adds or removes a probe; only an existing probe's timings may change" };
  if (typeof c.after !== 'number' || !Number.isInteger(c.after) || c.after < bounds.min || c.after > bounds.max) {
    return { changeClass, problem: `${String(c.after)} is outside ${bounds.min}–${bounds.max}` };
  }
  return { changeClass };
}

function env(c: FieldChange, rel: readonly Segment[], facts: PatchFacts, templateAt: Segment[]): Match {
  const changeClass = 'env-literal' as const;
  const name = nameAt(rel, 3);
  const field = keyAt(rel, 4);
  if (name === undefined)
    return { changeClass, problem: 'the env list could not be matched by name (duplicate or unnamed entries)' };
  if (rel.length !== 5 || (field !== 'name' && field !== 'value'))
    return {
      changeClass,
      problem: `env ${name}: only a literal value may be set; valueFrom and other fields are not allowed`,
    };
  if (isDeniedEnvName(name))
    return {
      changeClass,
      problem: `${name} changes how the process loads code, trusts TLS or routes traffic, so it is never set by a fix`,
    };
  const entryAfter = getAt(facts.after, [...templateAt, ...rel.slice(0, 4)]) as Obj | undefined;
  if (entryAfter && 'valueFrom' in entryAfter)
    return {
      changeClass,
      problem: `env ${name} takes its value from elsewhere (valueFrom); only literal values are allowed`,
    };
  if (field === 'value' && c.after !== undefined) {
    if (typeof c.after !== 'string') return { changeClass, problem: `env ${name}: value must be a string` };
    if (c.after.includes('$('))
      return {
        changeClass,
        problem: `env ${name}: "$(…)" would expand another variable; only literal values are allowed`,
      };
  }
  return { changeClass };
}

function scale(c: FieldChange): Match {
  const changeClass = 'scale' as const;
  const now = typeof c.before === 'number' ? c.before : 1;
  const next = c.after;
  if (typeof next !== 'number' || !Number.isInteger(next))
    return { changeClass, problem: 'replicas must be a whole number' };
  if (next < 1) return { changeClass, problem: 'scaling to 0 stops the workload; never part of a fix' };
  if (next > now * 2) return { changeClass, problem: `${next} is more than twice the current ${now} replicas` };
  return { changeClass };
}

/** The class a changed field belongs to, with a problem when it is in a class but outside its bounds. */
function classify(c: FieldChange, facts: PatchFacts): Match {
  const at = podSpecPath(facts.kind);
  const path = c.path;
  if (SCALABLE.includes(facts.kind) && path.length === 2 && keyAt(path, 0) === 'spec' && keyAt(path, 1) === 'replicas')
    return scale(c);
  if (!at.every((k, i) => keyAt(path, i) === k)) return undefined;
  const templateAt: Segment[] = at.map((key) => ({ key }));
  const rel = path.slice(at.length);
  const list = keyAt(rel, 0);
  const container = nameAt(rel, 1);
  if (list === undefined || !CONTAINER_LISTS.has(list) || container === undefined) return undefined;
  // A field of a container that is not there before (or no longer after) is adding or removing a container.
  const exists =
    getAt(facts.before, [...templateAt, { key: list }, { name: container }]) !== undefined &&
    getAt(facts.after, [...templateAt, { key: list }, { name: container }]) !== undefined;
  const field = keyAt(rel, 2);
  if (!exists) return undefined;
  if (field === 'resources' && rel.length === 5 && (keyAt(rel, 3) === 'requests' || keyAt(rel, 3) === 'limits'))
    return resources(c, keyAt(rel, 4) ?? '', facts);
  if (field === 'image' && rel.length === 3) return image(c, container, facts);
  if (field !== undefined && PROBES.has(field) && list === 'containers')
    return probe(c, rel, keyAt(rel, 3) ?? '', facts, templateAt);
  if (field === 'env' && rel.length >= 4) return env(c, rel, facts, templateAt);
  return undefined;
}

const shown = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v).slice(0, 120));

/** The patch's one class and the fields it changes, or every field that no class allows, by path. */
export function classifyPatch(facts: PatchFacts): PatchVerdict {
  const changes = specChanges(facts.before, facts.after);
  if (changes.length === 0) return { ok: false, problems: ['the patch changes nothing'] };
  const problems: string[] = [];
  const classes = new Set<ChangeClass>();
  for (const c of changes) {
    const where = pathText(c.path);
    const match = classify(c, facts);
    if (!match) problems.push(`${where}: no change class allows this field (${shown(c.before)} → ${shown(c.after)})`);
    else if (match.problem) problems.push(`${where}: outside class ${match.changeClass}: ${match.problem}`);
    else classes.add(match.changeClass);
  }
  if (problems.length > 0) return { ok: false, problems };
  if (classes.size > 1)
    return {
      ok: false,
      problems: [`the patch mixes change classes (${[...classes].join(', ')}); propose one action per class`],
    };
  return { ok: true, changeClass: [...classes][0]!, fields: changes.map((c) => pathText(c.path)) };
}
