// Every command's arguments and options, in one light module: the commands parse with them, and `clopus help` and
// `--help` print them without loading a command (the Kubernetes client alone takes seconds to import).
import type { CommandSpec, OptionSpec } from './args.js';

const output = {
  type: 'string',
  short: 'o',
  value: 'FORMAT',
  help: 'table (the default) or json',
} as const satisfies OptionSpec;
const tabular = {
  type: 'string',
  short: 'o',
  value: 'FORMAT',
  help: 'table (the default), wide (more columns), yaml or json',
} as const satisfies OptionSpec;
const noHeaders = {
  type: 'boolean',
  help: 'print the table rows only: no header line and no summary line',
} as const satisfies OptionSpec;
const failOnFindings = {
  type: 'boolean',
  help: 'exit with 3 when anything is found (a CI gate); 0 when nothing is',
} as const satisfies OptionSpec;
const kubeconfig = {
  type: 'string',
  value: 'FILE',
  help: 'the kubeconfig to use (default: KUBECONFIG, then ~/.kube/config, then in-cluster)',
} as const satisfies OptionSpec;
const incidentId = ['ID', 'the incident, as clopus incidents lists it (2 or #2)'] as const;

export const SPECS = {
  serve: {
    name: 'serve',
    usage: 'clopus serve [--kubeconfig FILE]',
    summary: 'watch the cluster, diagnose incidents, verify applied fixes',
    options: { kubeconfig },
    notes: [
      'The dashboard listens on CLOPUS_DASHBOARD_PORT (default 8080) and Slack in HTTP mode on CLOPUS_SLACK_PORT (default 3000); 0 picks a free port. One serve per database (CLOPUS_DB_PATH).',
    ],
  },
  scan: {
    name: 'scan',
    usage:
      'clopus scan [-n NS]… [-A] [-o table|wide|yaml|json] [--no-headers] [--fail-on-findings] [--kubeconfig FILE]',
    summary: 'one scan against the current kubeconfig, printed; nothing is stored or posted',
    options: {
      namespace: {
        type: 'string',
        short: 'n',
        multiple: true,
        value: 'NS',
        help: 'scan only this namespace; repeat it for more (default: the configured namespaces). A namespace that does not exist is an error',
      },
      'all-namespaces': {
        type: 'boolean',
        short: 'A',
        help: 'scan every namespace, whatever CLOPUS_NAMESPACES says (kube-system and the other reserved ones only when named with -n)',
      },
      output: tabular,
      'no-headers': noHeaders,
      'fail-on-findings': failOnFindings,
      kubeconfig,
    },
    notes: [
      'Exit codes: 0 the scan ran, 1 it failed (the cluster could not be read), 2 bad options, configuration or namespace, 3 findings with --fail-on-findings.',
    ],
  },
  triage: {
    name: 'triage',
    usage: 'clopus triage [FILE|-] [-o table|wide|yaml|json] [--no-headers] [--fail-on-findings]',
    summary: 'classify `kubectl get pods -A -o json` (or -o yaml) output offline, with no cluster access',
    args: [['FILE|-', 'the pod list to read, JSON or YAML (- or nothing: standard input)']],
    options: { output: tabular, 'no-headers': noHeaders, 'fail-on-findings': failOnFindings },
    notes: [
      'For example: kubectl get pods -A -o json | clopus triage. Exit codes: 0 read, 2 unreadable input or bad options, 3 findings with --fail-on-findings.',
    ],
  },
  incidents: {
    name: 'incidents',
    usage: 'clopus incidents [--state STATE] [-n NS] [--limit N] [-o table|wide|yaml|json] [--no-headers]',
    summary: 'list incidents in the database (CLOPUS_DB_PATH)',
    options: {
      state: { type: 'string', value: 'STATE', help: 'only incidents in this state (e.g. proposed, verified)' },
      namespace: { type: 'string', short: 'n', value: 'NS', help: 'only incidents in this namespace' },
      limit: { type: 'string', value: 'N', help: 'at most N incidents, newest first (1 to 10000, default 50)' },
      output: tabular,
      'no-headers': noHeaders,
    },
    notes: ['The database must exist: clopus serve creates it. The summary line names the database read.'],
  },
  show: {
    name: 'show',
    usage: 'clopus show ID [-o table|wide|yaml|json]',
    summary: 'one incident: pods, evidence, proposal and diff, diagnoses, history',
    args: [incidentId],
    options: {
      output: { ...tabular, help: 'table (the default), wide (also pod UIDs and last-seen times), yaml or json' },
    },
  },
  approve: {
    name: 'approve',
    usage: 'clopus approve ID [--proposal P [--yes]] [--live] [--wait] [--output table|json] [--kubeconfig FILE]',
    summary: "apply the incident's proposal, once you have reviewed it",
    args: [incidentId],
    options: {
      proposal: {
        type: 'string',
        value: 'P',
        help: 'the proposal you reviewed (clopus show ID prints its ID); refused if a newer one replaced it',
      },
      yes: { type: 'boolean', short: 'y', help: 'approve proposal P without asking; needs --proposal P' },
      wait: { type: 'boolean', help: 'also wait for the verification window and print its verdict' },
      live: {
        type: 'boolean',
        help: 'for a pull-request fix whose GitOps manager has self-heal off: also patch live now ("live patch now + PR")',
      },
      output,
      kubeconfig,
    },
    notes: [
      'On a terminal, approve shows the proposal (every action and its diff) and asks before applying anything. In a script, where nothing can be asked, name the proposal you reviewed: clopus approve ID --proposal P --yes.',
    ],
  },
  reject: {
    name: 'reject',
    usage: 'clopus reject ID [--reason TEXT] [--proposal P] [--output table|json]',
    summary: "reject the incident's proposal; nothing is applied",
    args: [incidentId],
    options: {
      reason: { type: 'string', value: 'TEXT', help: 'why, for the audit trail and Slack' },
      proposal: { type: 'string', value: 'P', help: 'the proposal you reviewed; refused if a newer one replaced it' },
      output,
    },
  },
  revise: {
    name: 'revise',
    usage: 'clopus revise ID TEXT… [--proposal P] [--output table|json]',
    summary: "request changes to the incident's proposal; a revised one is prepared and nothing is applied",
    args: [incidentId, ['TEXT…', 'what should change, in your words (e.g. use 256Mi); at most 2000 characters']],
    options: {
      proposal: { type: 'string', value: 'P', help: 'the proposal you reviewed; refused if a newer one replaced it' },
      output,
    },
    notes: [
      'The proposal is superseded at once; a running clopus serve diagnoses the incident again with your words and the proposal they replace, and posts the revised proposal. At most fixer.maxRevisions revisions per incident (CLOPUS_MAX_REVISIONS, default 3), within its model budget (CLOPUS_INCIDENT_BUDGET_USD). Put -- before TEXT that starts with a dash.',
    ],
  },
  rollback: {
    name: 'rollback',
    usage: 'clopus rollback ID [--output table|json] [--kubeconfig FILE]',
    summary: 'undo an applied, regressed or failed fix from its records',
    args: [incidentId],
    options: { output, kubeconfig },
  },
  version: {
    name: 'version',
    usage: 'clopus version (or clopus --version)',
    summary: "print Clopus's version",
    options: {},
  },
  diagnose: {
    name: 'diagnose',
    usage: 'clopus diagnose --input FILE [--kubeconfig FILE]',
    summary: 'run one diagnosis from an input file (what a diagnosis Job runs)',
    options: {
      input: {
        type: 'string',
        value: 'FILE',
        help: "the diagnosis input (JSON, as the bot writes it to the Job's ConfigMap); required",
      },
      kubeconfig,
    },
    notes: ['Progress goes to stderr as log lines; stdout gets one JSON line, the result.'],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof SPECS;

export const isCommand = (name: string): name is CommandName => Object.hasOwn(SPECS, name);
