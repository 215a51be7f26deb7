// A proposal as a reviewer sees it: one section per action, each size-capped, and the text they render to.
import type { ProposalAction } from '../proposal/schema.js';

export interface DiffCaps {
  /** Per section. */
  maxLines: number;
  maxBytes: number;
  /** Over all sections together. */
  totalLines: number;
  totalBytes: number;
}

/** Sized for one Slack message (40,000 characters) and a dashboard page. */
export const DEFAULT_DIFF_CAPS: DiffCaps = {
  maxLines: 200,
  maxBytes: 20 * 1024,
  totalLines: 500,
  totalBytes: 38 * 1024,
};

export interface DiffSection {
  /** The action's position in the proposal, from 1. */
  action: number;
  type: ProposalAction['type'];
  /** One line naming the action and its target, e.g. "patch_workload Deployment shop/web". */
  title: string;
  /** A unified diff (edit_file, patch_workload) or a short description (exec, restart_pod); capped. */
  body: string;
  /** Lines dropped by the caps (the body ends with a "… N more lines" marker when non-zero). */
  omittedLines: number;
  /** An edit_repo_file's diffs apart, for faces that show them side by side (the body holds both as well). */
  repo?: RepoSection;
}

export interface RepoSection {
  /** The file's path from the repository root. */
  path: string;
  /** The commit of the clone the edit is diffed against. */
  headSha: string;
  /** The file's unified diff, whole: every byte that would be committed. */
  fileDiff: string;
  /**
   * The rendered workload before and after as a YAML diff, on the last repository edit of the proposal (all of its
   * edits together); absent on the others.
   */
  renderedDiff?: string;
}

export interface ProposalDiff {
  sections: DiffSection[];
  /** Every section rendered, ready to show as it is (monospace). */
  text: string;
  /** Why the proposal cannot be applied as it is (the server refused the patch dry run, or it changes nothing). */
  problems: string[];
}
