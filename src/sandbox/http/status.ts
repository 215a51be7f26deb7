// metav1.Status errors, the one error shape every Kubernetes client knows how to read.
import type { ResourceDef } from '../kinds.js';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** A failure that carries its HTTP response, so handlers can throw and the dispatcher answers. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toStatus(): StatusBody {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }

  static badRequest(message: string): StatusError {
    return new StatusError(400, 'BadRequest', message);
  }

  static notFound(def: ResourceDef, name: string): StatusError {
    return new StatusError(404, 'NotFound', `${qualified(def)} "${name}" not found`, {
      name,
      ...groupOf(def),
      kind: def.plural,
    });
  }

  static alreadyExists(def: ResourceDef, name: string): StatusError {
    return new StatusError(409, 'AlreadyExists', `${qualified(def)} "${name}" already exists`, {
      name,
      ...groupOf(def),
      kind: def.plural,
    });
  }

  static conflict(def: ResourceDef, name: string): StatusError {
    return new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(def)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, ...groupOf(def), kind: def.plural },
    );
  }

  /** 422 Invalid, with one cause per field error, worded like the API server's field validation. */
  static invalid(
    def: ResourceDef,
    name: string,
    causes: Required<Pick<StatusCause, 'reason' | 'message' | 'field'>>[],
  ): StatusError {
    const list = causes.map((c) => `${c.field}: ${c.message}`);
    const joined = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    return new StatusError(
      422,
      'Invalid',
      `${def.kind}${def.group ? `.${def.group}` : ''} "${name}" is invalid: ${joined}`,
      { name, ...groupOf(def), kind: def.kind, causes },
    );
  }

  static methodNotAllowed(): StatusError {
    return new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
}

function qualified(def: ResourceDef): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

function groupOf(def: ResourceDef): { group?: string } {
  return def.group ? { group: def.group } : {};
}
