// What enters the dashboard from a browser (query strings, path ids) and from its caller (listen options).
import { z } from 'zod';
import { REASONS, STATES } from '../core/index.js';
import { LIST_NAMES } from './lists.js';

/** An empty form field ("Any") is no filter; a value we do not know is dropped rather than an error page. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional()).catch(undefined);

export const PAGE_SIZE = 50;

export const ListQuery = z.object({
  state: optional(z.enum(STATES)),
  namespace: optional(z.string().trim().min(1).max(253)),
  reason: optional(z.enum(REASONS)),
  q: optional(z.string().trim().min(1).max(200)),
  /** A named list from the overview's cards (lists.ts); the other filters narrow it. */
  list: optional(z.enum(LIST_NAMES)),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const IncidentId = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export type IncidentId = z.infer<typeof IncidentId>;

/** The hash a live region sent back (views/live.ts); absent on a first load. */
export const Version = optional(z.string().regex(/^[\w-]{1,32}$/));
export type Version = z.infer<typeof Version>;

const SITE = 'http://dashboard.invalid';

/**
 * Where to go after signing in: an absolute path on this server only. Printable ASCII without spaces or
 * backslashes (browsers read a backslash as "/", and drop tabs and newlines: "/<tab>/evil" would be "//evil"),
 * not starting "//"; then it must still resolve to this origin. Anything else, including control characters that
 * cannot go into a Location header, becomes "/" rather than an error.
 */
export const NextPath = z
  .string()
  .max(2000)
  .regex(/^\/(?!\/)[\x21-\x5b\x5d-\x7e]*$/)
  .refine((path) => new URL(path, SITE).origin === SITE)
  .catch('/')
  .default('/');
export type NextPath = z.infer<typeof NextPath>;

/** GET /login. A `token` there is refused whatever it is (routes/login.ts), so it is not parsed. */
export const LoginQuery = z.object({ next: NextPath });
export type LoginQuery = z.infer<typeof LoginQuery>;

/** POST /login, a form body (a file upload in a field is no token). */
export const LoginForm = z.object({
  token: z.string().max(1024).catch(''),
  next: NextPath,
});
export type LoginForm = z.infer<typeof LoginForm>;

export const MIN_TOKEN_LENGTH = 16;

export const ListenOptions = z.object({
  port: z.number().int().min(0).max(65_535),
  host: z.string().trim().min(1),
  token: z
    .string()
    .min(
      MIN_TOKEN_LENGTH,
      `CLOPUS_DASHBOARD_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 32)`,
    )
    .optional(),
  pollSeconds: z.number().min(0.2).max(3600).default(5),
});
export type ListenOptions = z.infer<typeof ListenOptions>;

// Rows the store hands back with JSON it does not parse itself (proposal summary and actions, audit details).
// Lenient on purpose: the dashboard shows whatever exists, including records written by an older or newer Clopus.

const text = z.string().max(100_000);

export const ProposalActionView = z.looseObject({
  type: text,
  reason: text.optional(),
  namespace: text.optional(),
  pod: text.optional(),
  container: text.optional(),
  path: text.optional(),
  argv: z.array(text).optional(),
  kind: text.optional(),
  name: text.optional(),
});
export type ProposalActionView = z.infer<typeof ProposalActionView>;

export const ProposalView = z.object({
  summary: z.object({ rootCause: text.optional(), confidence: text.optional(), risk: text.optional() }).catch({}),
  actions: z.array(ProposalActionView).catch([]),
});
export type ProposalView = z.infer<typeof ProposalView>;

/** What verify.ts writes into the audit detail of a verified or regressed move. */
export const VerdictDetail = z.object({
  detail: text.optional(),
  windowSeconds: z.number().optional(),
});
export type VerdictDetail = z.infer<typeof VerdictDetail>;
