import { ExitCode } from '../errors';
import { diagnose, type Diagnosis } from '../doctor/diagnose';
import { scanProject } from '../doctor/project';
import { RULES } from '../doctor/registry';
import { severityRank, type Finding, type Severity } from '../doctor/rule';

export interface DoctorResult extends Diagnosis {
  gateways: number;
  rules: number;
  failOn: Severity;
  /** 0 when no finding is at or above failOn, else 2 (the drift code: findings to act on). */
  exitCode: number;
}

/**
 * `ws-scaffold doctor`: reads the project statically (gateways, modules, main.ts, the adapter,
 * package.json) and reports the documented traps it finds. Writes nothing.
 */
export function doctorProject(root: string, settings: { project?: string; failOn?: Severity } = {}): DoctorResult {
  const failOn = settings.failOn ?? 'error';
  const project = scanProject(root, { project: settings.project });
  const diagnosis = diagnose(project, RULES);
  return { ...diagnosis, gateways: project.gateways.length, rules: RULES.length, failOn, exitCode: failing(diagnosis.findings, failOn) ? ExitCode.drift : ExitCode.ok };
}

export const failing = (findings: Finding[], failOn: Severity): boolean => findings.some((f) => severityRank(f.severity) >= severityRank(failOn));
