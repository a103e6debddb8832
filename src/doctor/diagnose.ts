import type { DoctorProject } from './project';
import type { Finding, Rule } from './rule';

export interface Diagnosis {
  findings: Finding[];
  /** Rules that could not finish (a bug, or code shaped in a way they did not expect): said, never fatal. */
  incomplete: { rule: string; reason: string }[];
}

/**
 * `// ws-scaffold-ignore <rule>[, <rule>...] [why]` silences a finding: at the end of its line, or as
 * a comment line of its own just above it.
 */
const IGNORE = /ws-scaffold-ignore\s+([\w\s,-]+)/;

/** Runs the rules on the project; findings sorted by file and line, `ws-scaffold-ignore` comments applied. */
export function diagnose(project: DoctorProject, rules: readonly Rule[]): Diagnosis {
  const findings: Finding[] = [];
  const incomplete: Diagnosis['incomplete'] = [];
  const lines = new Map<string, string[]>();
  const linesOf = (file: string) => lines.get(file) ?? lines.set(file, (project.text(file) ?? '').split('\n')).get(file)!;
  const ignored = (finding: Finding): boolean => {
    if (finding.line === undefined) return false;
    const text = linesOf(finding.file);
    const above = text[finding.line - 2];
    const commentAbove = above !== undefined && /^\s*(\/\/|\/\*|\*)/.test(above) ? above : undefined;
    return [text[finding.line - 1], commentAbove].some((line) => {
      const listed = line === undefined ? undefined : IGNORE.exec(line)?.[1];
      return !!listed && listed.split(/[\s,]+/).includes(finding.rule);
    });
  };
  for (const rule of rules) {
    try {
      for (const hit of rule.check(project)) {
        const finding: Finding = { rule: rule.id, severity: rule.severity, file: hit.file, line: hit.line, message: hit.message, fix: hit.fix ?? rule.fix };
        if (!ignored(finding)) findings.push(finding);
      }
    } catch (error) {
      incomplete.push({ rule: rule.id, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const order = new Map(rules.map((rule, index) => [rule.id, index]));
  findings.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || order.get(a.rule)! - order.get(b.rule)!);
  return { findings, incomplete };
}
