import type { DoctorProject } from './project';

/** How bad a trap is: `error` breaks the app or opens it up, `warning` is likely wrong, `info` is advice. */
export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Higher is worse: a finding fails the run when its rank is at least the --fail-on rank. */
export const severityRank = (severity: Severity): number => SEVERITIES.length - SEVERITIES.indexOf(severity);

/** Where a rule found its trap, and what to say about this occurrence. */
export interface Hit {
  /** Project-relative, POSIX. */
  file: string;
  line?: number;
  message: string;
  /** When this occurrence has a more precise fix than the rule's. */
  fix?: string;
}

/** A documented trap: declared once, with what it is, why it matters, how to fix it, and its check. */
export interface Rule {
  /** kebab-case, stable: used in output, `--explain` and `ws-scaffold-ignore` comments. */
  id: string;
  severity: Severity;
  /** One line: the trap. */
  title: string;
  /** Why it matters (printed by --explain). */
  rationale: string;
  /** One line: the ws-scaffold command or the change that fixes it. */
  fix: string;
  /** A snippet of the fixed shape, printed by --explain. */
  example?: string;
  /** Where the facts come from: nestjs/nest issues, docs pages. */
  sources: string[];
  check(project: DoctorProject): Hit[];
}

/** A rule as its file declares it: with a `transport`, its trap is that transport's, and other projects are not checked. */
export interface RuleDeclaration extends Rule {
  transport?: DoctorProject['transport'];
}

export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  line?: number;
  message: string;
  fix: string;
}

export function defineRule({ transport, ...rule }: RuleDeclaration): Rule {
  return transport ? { ...rule, check: (project) => (project.transport === transport ? rule.check(project) : []) } : rule;
}
