import type { Finding, Severity } from '../types';
import type { Analyzer, AnalyzerInput } from './analyzer';
import { shorten } from './formats/files';
import { oldToNewLine } from './formats/lines';
import { isLockfile, parseManifest, type Dep, type DepScope } from './formats/manifests';
import { displaySpec, majorChange, minVersion } from './formats/versions';
import { runtimeFindings } from './runtime';

/** Findings listed per manifest before the rest is summarised. */
export const MAX_DEPENDENCY_FINDINGS = 50;

const SCOPE_LABEL: Record<DepScope, string> = { prod: '', dev: 'dev ', peer: 'peer ', optional: 'optional ', build: 'build ' };

/**
 * `dependency-added` / `dependency-removed` (info) and `dependency-major-upgrade`
 * (warning; info for dev, peer and build-only dependencies) from the declared
 * dependencies of npm, Composer, pip/Poetry/uv/Pipenv, Bundler, Go, Maven, Gradle
 * (incl. version catalogs), Cargo and NuGet manifests. Lockfiles give nothing: they
 * follow their manifests. Runtime pins in manifests (`engines.node`, the `go`
 * directive, `requires-python`, …) give `runtime-version-changed`.
 */
export const dependenciesAnalyzer: Analyzer = {
  id: 'dependencies',
  needsContent: true,
  analyze(input) {
    return dependencyFindings(input);
  },
};

export function dependencyFindings({ change, oldText, newText }: AnalyzerInput): Finding[] {
  if (isLockfile(change.path)) return [];
  const oldM = oldText != null ? parseManifest(change.oldPath ?? change.path, oldText) : null;
  const newM = newText != null ? parseManifest(change.path, newText) : null;
  if (!oldM && !newM) return [];
  const runtime = runtimeFindings(change, oldText, newText);
  // A side that no longer (or does not yet) parse says nothing about what changed.
  if ((oldText != null && !oldM) || (newText != null && !newM)) return runtime;
  // A new or deleted manifest is one fact, not one finding per package.
  if (!oldM || oldText == null) {
    const n = newM!.deps.length;
    return n ? [{ kind: 'dependency-added', severity: 'info', message: `new manifest declares ${n} dependenc${n === 1 ? 'y' : 'ies'}` }] : [];
  }
  if (!newM || newText == null) {
    const n = oldM.deps.length;
    return n ? [{ kind: 'dependency-removed', severity: 'info', message: `manifest removed with ${n} dependenc${n === 1 ? 'y' : 'ies'}` }] : [];
  }
  const eco = newM.ecosystem;
  const oldByKey = new Map(oldM.deps.map((d) => [d.key, d] as const));
  const newByKey = new Map(newM.deps.map((d) => [d.key, d] as const));
  const findings: Finding[] = [];
  const majors: Major[] = [];
  for (const d of newM.deps) {
    const o = oldByKey.get(d.key);
    if (!o) {
      findings.push({ kind: 'dependency-added', severity: 'info', subject: d.name, line: d.line, message: `adds ${SCOPE_LABEL[d.scope]}dependency ${d.name}${d.spec ? ` ${shorten(displaySpec(d.spec, eco), 40)}` : ''}` });
      continue;
    }
    if (o.spec === d.spec && o.name === d.name) continue;
    const from = minVersion(o.spec, eco);
    const to = minVersion(d.spec, eco);
    const direction = majorChange(from, to, eco);
    if (direction) majors.push({ dep: d, old: o, direction, from: displaySpec(o.spec, eco), to: displaySpec(d.spec, eco), preRelease: from!.major === 0 && to!.major === 0 });
  }
  for (const o of oldM.deps) {
    if (newByKey.has(o.key)) continue;
    findings.push({ kind: 'dependency-removed', severity: 'info', subject: o.name, line: oldToNewLine(change, o.line), message: `removes ${SCOPE_LABEL[o.scope]}dependency ${o.name}` });
  }
  findings.push(...groupMajors(majors));
  findings.push(...runtime);
  findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return cap(findings);
}

interface Major {
  dep: Dep;
  old: Dep;
  direction: 'upgrade' | 'downgrade';
  from: string;
  to: string;
  /** 0.x → 0.y: breaking by semver's caret rule, but routine for libraries that stay below 1.0. */
  preRelease: boolean;
}

/** Pre-1.0 minor bumps in one manifest beyond this many are reported as one finding. */
const PRE_RELEASE_GROUP = 3;

/**
 * One finding per major change; dependencies that share a version (a Maven property,
 * a version-catalog entry) and move together are one finding at that version's line,
 * and a batch of pre-1.0 minor bumps (a family of 0.x instrumentation gems) is one.
 */
function groupMajors(all: Major[]): Finding[] {
  const pre = all.filter((m) => m.preRelease && !m.dep.via);
  const majors = pre.length >= PRE_RELEASE_GROUP ? all.filter((m) => !pre.includes(m)) : all;
  const out: Finding[] = [];
  if (majors !== all) {
    const prodLike = pre.some((m) => m.dep.scope === 'prod' || m.dep.scope === 'optional');
    const names = pre.map((m) => `${m.dep.name} ${shorten(m.from, 16)} → ${shorten(m.to, 16)}`);
    out.push({
      kind: 'dependency-major-upgrade',
      severity: prodLike ? 'warning' : 'info',
      line: Math.min(...pre.map((m) => m.dep.line)),
      message: `pre-1.0 minor bumps (breaking by semver) of ${pre.length} dependencies: ${names.slice(0, 4).join(', ')}${names.length > 4 ? `, +${names.length - 4} more` : ''}`,
    });
  }
  const groups = new Map<string, Major[]>();
  for (const m of majors) {
    const k = m.dep.via ? `${m.dep.via}\0${m.dep.line}\0${m.from}\0${m.to}` : `\0${m.dep.key}`;
    const g = groups.get(k);
    if (g) g.push(m);
    else groups.set(k, [m]);
  }
  for (const g of groups.values()) {
    const first = g[0];
    const prodLike = g.some((m) => m.dep.scope === 'prod' || m.dep.scope === 'optional');
    const severity: Severity = prodLike ? 'warning' : 'info';
    const names = g.length === 1 ? first.dep.name : `${first.dep.via} (${g.map((m) => m.dep.name).slice(0, 3).join(', ')}${g.length > 3 ? `, +${g.length - 3} more` : ''})`;
    const scope = prodLike ? '' : SCOPE_LABEL[first.dep.scope];
    const verb = first.direction === 'upgrade' ? 'major upgrade' : 'major downgrade';
    const rename = normName(first.old.name) !== normName(first.dep.name) ? ` (was ${first.old.name})` : '';
    out.push({
      kind: 'dependency-major-upgrade',
      severity,
      subject: g.length === 1 ? first.dep.name : first.dep.via,
      line: first.dep.line,
      message: `${verb} of ${scope}${names}${rename}: ${shorten(first.from, 30)} → ${shorten(first.to, 30)}`,
    });
  }
  return out;
}

function cap(findings: Finding[]): Finding[] {
  if (findings.length <= MAX_DEPENDENCY_FINDINGS) return findings;
  const rank = (f: Finding) => (f.kind === 'runtime-version-changed' ? 0 : f.kind === 'dependency-major-upgrade' ? (f.severity === 'warning' ? 1 : 2) : 3);
  const order = [...findings].sort((a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0));
  const kept = order.slice(0, MAX_DEPENDENCY_FINDINGS - 1);
  const rest = order.slice(MAX_DEPENDENCY_FINDINGS - 1);
  const added = rest.filter((f) => f.kind === 'dependency-added').length;
  const removed = rest.filter((f) => f.kind === 'dependency-removed').length;
  const majors = rest.length - added - removed;
  kept.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const parts = [added ? `${added} added` : '', removed ? `${removed} removed` : '', majors ? `${majors} major upgrades` : ''].filter(Boolean).join(', ');
  kept.push({ kind: majors ? 'dependency-major-upgrade' : added ? 'dependency-added' : 'dependency-removed', severity: rest.some((f) => f.severity === 'warning') ? 'warning' : 'info', message: `… and ${rest.length} more dependency changes not listed (${parts})` });
  return kept;
}

function normName(n: string): string {
  return n.toLowerCase().replace(/[-_.]+/g, '-');
}
