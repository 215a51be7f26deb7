// Import boundaries for src/ (run: `npx depcruise src`, part of `npm run lint`).
//
// - no circular dependencies;
// - layers: a module may import only modules in strictly lower layers (plus itself);
// - src/sandbox (the fake API server for tests and the demo) may import only L0, and only src/demo may import it;
// - a module is imported from outside only through its entry points (ENTRY_POINTS below).
//
// A "module" is a folder src/<name>/ or a single file src/<name>.ts. Files inside one module import each other freely.
// Only src/ is checked: tests, benches and bin may import anything.

/** Layers, bottom to top. Folder names, or file names with `.ts` for single-file modules. */
const LAYERS = [
  /* L0 foundation: errors and package paths */ ['errors.ts', 'package-root.ts'],
  /* L0 foundation: the vocabulary, redaction, logging */ ['core', 'redact', 'logger.ts'],
  /* L1 */ ['config'],
  /* L2 */ ['store', 'kube'],
  /* L3 GitOps: managers, git, the forge, rendering */ ['gitops'],
  /* L4 */ ['detector', 'planner', 'present', 'policy'],
  /* L5 */ ['runner', 'remediation'],
  /* L6 */ ['slack', 'dashboard'],
  /* L7 */ ['app'],
  /* L8 */ ['cli', 'demo'],
];

/** Outside every layer: may import only L0; only the modules in SANDBOX_USERS may import it. */
const SANDBOX = 'sandbox';
const SANDBOX_USERS = ['demo'];

// Files another module may import. Every src/<module>/index.ts is one; add a "light" entry here (a path relative
// to the repo root) when importers need part of a module without pulling in the rest of it through its index.
const ENTRY_POINTS = [
  'src/[^/]+/index\\.ts', // every module's own index
  'src/planner/proposal/index\\.ts', // proposal types and checks, without the Claude planner
  'src/remediation/verdicts\\.ts', // verdict types and helpers, without the remediation runner
];

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Regex matching every file of the given modules; its first group is the module's name. */
const modules = (names) => `^src/(${names.map(esc).join('|')})(/|$)`;
const ALL = [...LAYERS.flat(), SANDBOX];

const layerRules = LAYERS.map((names, i) => ({
  name: `layer-${i}`,
  severity: 'error',
  comment:
    `L${i} (${names.join(', ')}) may import only modules in lower layers, ` +
    `not ${LAYERS.slice(i).flat().join(', ')} (except itself).`,
  from: { path: modules(names) },
  // $1 is the importing module's name (the first group of from.path): a module may import itself.
  to: { path: modules(LAYERS.slice(i).flat()), pathNot: '^src/$1(/|$)' },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular dependency (type-only links are erased at run time and do not count).',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    ...layerRules,
    {
      name: 'sandbox-imports-only-l0',
      severity: 'error',
      comment: `src/${SANDBOX} may import only L0 (${LAYERS[0].join(', ')}).`,
      from: { path: modules([SANDBOX]) },
      to: { path: '^src/', pathNot: [modules(LAYERS[0]), modules([SANDBOX])] },
    },
    {
      name: 'only-demo-imports-sandbox',
      severity: 'error',
      comment: `Only ${SANDBOX_USERS.map((m) => `src/${m}`).join(', ')} may import src/${SANDBOX}.`,
      from: { path: '^src/', pathNot: modules([SANDBOX, ...SANDBOX_USERS]) },
      to: { path: modules([SANDBOX]) },
    },
    {
      name: 'entry-points-only',
      severity: 'error',
      comment: `Import another module only through an entry point: ${ENTRY_POINTS.map((p) => p.replace(/\\/g, '')).join(', ')}.`,
      from: { path: '^src/([^/]+)' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', ...ENTRY_POINTS.map((p) => `^${p}$`)] },
    },
    {
      name: 'unlayered',
      severity: 'error',
      comment: 'Every file under src/ belongs to a module listed in LAYERS (or the sandbox) in .dependency-cruiser.cjs.',
      from: { path: '^src/', pathNot: modules(ALL) },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Import that cannot be resolved (so no other rule could check it).',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    // `import type` counts too: a type-only import still ties the two modules together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // TypeScript NodeNext: `import './x.js'` means ./x.ts. With the tsConfig above, dependency-cruiser resolves a
    // `.js` specifier whose file does not exist to the `.ts` (or `.d.ts`) beside it; `.ts` first in the extensions
    // keeps extensionless lookups (node_modules typings) the same. The not-to-unresolvable rule shows when it fails.
    enhancedResolveOptions: {
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
