import type { Change, Finding, Severity } from '../types';
import type { Analyzer } from './analyzer';
import { addedLineList, removedLineList } from './analyzer';
import { parseConfig } from './formats/config';
import { parseDockerfile, parseImageRef, type Stage } from './formats/dockerfile';
import { isDockerfile } from './formats/files';
import { oldToNewLine } from './formats/lines';
import { child, itemLabels, joinPath, str, type CNode } from './formats/tree';

/** Where a file names a container image. */
export interface ImageSite {
  /** Key path (`services.web.image`) or stage label (`stage build`). */
  where: string;
  ref: string;
  line: number;
}

/** `image`, `initImage`, `sidecarImage`… but not `imagePullPolicy`. */
const IMAGE_KEY = /^(image|[A-Za-z]+Image)$/;

/** Image references in a parsed YAML/JSON tree: string `image:` values and Helm-style `{registry, repository, tag, digest}` maps. */
export function imageSites(root: CNode): ImageSite[] {
  const out: ImageSite[] = [];
  const walk = (node: CNode, path: string, depth: number) => {
    if (depth > 40) return;
    if (node.t === 'seq') {
      const labels = itemLabels(node.items);
      node.items.forEach((it, i) => walk(it, `${path}[${labels[i]}]`, depth + 1));
      return;
    }
    if (node.t !== 'map') return;
    for (const [k, v] of node.entries) {
      const p = joinPath(path, k);
      if (k === 'images' && v.t === 'seq' && v.items.some((it) => child(it, 'newTag') || child(it, 'newName') || child(it, 'digest'))) {
        out.push(...kustomizeImages(v, p));
        continue;
      }
      if (IMAGE_KEY.test(k)) {
        const s = str(v);
        if (s !== undefined) {
          if (looksLikeImage(s)) out.push({ where: p, ref: s, line: v.line });
          continue;
        }
        const composed = composeImage(v);
        if (composed) {
          out.push({ where: p, ref: composed.ref, line: composed.line });
          continue;
        }
      }
      walk(v, p, depth + 1);
    }
  };
  walk(root, '', 0);
  return out;
}

function looksLikeImage(s: string): boolean {
  return s.trim() !== '' && !/\s/.test(s.trim()) && !s.includes('{{') && /^[\w${}.:/@-]+$/.test(s.trim());
}

/** Kustomize `images:` overrides: `{name, newName, newTag, digest}` per image. */
function kustomizeImages(seq: CNode & { t: 'seq' }, path: string): ImageSite[] {
  const out: ImageSite[] = [];
  for (const it of seq.items) {
    const name = str(child(it, 'name'));
    if (!name) continue;
    const tagNode = child(it, 'newTag') ?? child(it, 'digest') ?? child(it, 'newName');
    const tag = str(child(it, 'newTag'));
    const digest = str(child(it, 'digest'));
    const ref = `${str(child(it, 'newName')) ?? name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
    out.push({ where: `${path}[name=${name}]`, ref, line: tagNode?.line ?? it.line });
  }
  return out;
}

/** `{registry, repository|name, tag|version, digest}` (Helm values, Bitnami charts). */
function composeImage(node: CNode): { ref: string; line: number } | null {
  if (node.t !== 'map') return null;
  const repo = str(child(node, 'repository')) ?? str(child(node, 'name'));
  if (!repo || repo.includes('{{')) return null;
  const registry = str(child(node, 'registry'));
  const tagNode = child(node, 'tag') ?? child(node, 'version');
  const tag = str(tagNode);
  const digest = str(child(node, 'digest'));
  const ref = `${registry ? `${registry}/` : ''}${repo}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  const digestNode = child(node, 'digest');
  const line = (tag ? tagNode?.line : undefined) ?? (digest ? digestNode?.line : undefined) ?? child(node, 'repository')?.line ?? node.line;
  return { ref, line };
}

/** Image sites of a Dockerfile: each stage's external base image. */
function dockerfileSites(text: string): ImageSite[] {
  const df = parseDockerfile(text);
  const names = new Set(df.stages.map((s) => s.name).filter(Boolean));
  return df.stages
    .filter((s) => !names.has(s.image.toLowerCase()))
    .map((s: Stage) => ({ where: s.name ? `stage ${s.name}` : df.stages.length > 1 ? `stage ${s.index + 1}` : 'FROM', ref: s.image, line: s.line }));
}

function sitesOf(path: string, text: string): ImageSite[] | null {
  if (isDockerfile(path)) return dockerfileSites(text);
  const parsed = parseConfig(path, text);
  if (!parsed || (parsed.format !== 'yaml' && parsed.format !== 'json')) return null;
  return imageSites(parsed.root);
}

/**
 * Describes a reference change: tag, digest, or repository. `deployed`: the site is a deployed
 * image's default (Helm values, a manifest), not a Dockerfile's base image: there a tag that moves
 * UP within one major version (`jertel/elastalert2:2.18.0` → `2.19.0`, a chart following its app's
 * release; `postgres:15.1` → `15.4`) is the release itself, nothing for operators to do; a new
 * major version (`bitnami/postgresql` 15 → 16: a data upgrade; for database servers the major is
 * the data-format major, see `sameMajor`), a downgrade (data written by the newer server), a new
 * repository or registry, or a tag that is not a version still needs a note.
 */
function describe(from: string, to: string, deployed = false): { text: string; severity: Severity } {
  const a = parseImageRef(from);
  const b = parseImageRef(to);
  if (a.repository === b.repository && a.registry === b.registry && a.tag === b.tag && a.digest !== b.digest) {
    return { text: `${stripDigest(to)} digest updated`, severity: 'info' };
  }
  if (deployed && a.repository === b.repository && a.registry === b.registry && sameMajor(a.tag, b.tag, b.repository)) {
    return { text: `${from} → ${to} (same major version)`, severity: 'info' };
  }
  return { text: `${from} → ${to}`, severity: 'warning' };
}

/** A version tag: `2.19.0`, `v1.5`, `15.1.0-debian-11-r0` (numbers, then an optional variant). */
const VERSION_TAG = /^v?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:[-+_][\w.+-]{0,120})?$/;

/** The numbers of a version tag (`15.1.0-debian-11-r0` → [15, 1, 0]), or null. No length guard: callers bound it. */
export function versionNumbers(tag: string): number[] | null {
  const m = VERSION_TAG.exec(tag);
  return m ? m.slice(1, 5).filter((n): n is string => n !== undefined).map(Number) : null;
}

/**
 * Database servers whose minor release is a data-format major (an upgrade step on the data
 * directory): PostgreSQL before 10 (9.5 → 9.6: pg_upgrade), MySQL (5.6 → 5.7: mysql_upgrade),
 * MariaDB (10.5 → 10.11: mariadb-upgrade), MongoDB (4.2 → 4.4: featureCompatibilityVersion).
 */
const DATA_FORMAT_MINOR = /^(?:postgres|postgresql|postgresql-repmgr|postgis|mysql|mysql-server|percona-server|mariadb|mariadb-galera|mongo|mongodb|mongodb-sharded|percona-server-mongodb)$/;
const POSTGRES = /^(?:postgres|postgresql|postgresql-repmgr|postgis)$/;

/**
 * The tag moves up (or to a variant of the same version) within one major version: the same
 * major (for 0.x, the same minor: semver's breaking position; for `repository` a database server
 * of DATA_FORMAT_MINOR, the same major.minor), and no number lower than before. A downgrade or a
 * year-numbered (CalVer) tag is never the same major.
 */
export function sameMajor(from: string | null, to: string | null, repository = ''): boolean {
  if (!from || !to || from.length > 160 || to.length > 160) return false;
  const a = versionNumbers(from);
  const b = versionNumbers(to);
  if (!a || !b || a[0] !== b[0] || a[0] >= 1000) return false;
  const name = repository.slice(repository.lastIndexOf('/') + 1).toLowerCase();
  const fixed = a[0] === 0 || (DATA_FORMAT_MINOR.test(name) && !(POSTGRES.test(name) && a[0] >= 10)) ? 2 : 1;
  for (let i = 1; i < fixed; i++) if (a[i] === undefined || a[i] !== b[i]) return false;
  // upward only: the first number that differs (over the numbers both tags give) must grow
  for (let i = fixed; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return b[i] > a[i];
  return true;
}

function stripDigest(ref: string): string {
  const at = ref.indexOf('@');
  return at < 0 ? ref : ref.slice(0, at);
}

/**
 * `image-changed`: a base image (per Dockerfile stage) or a deployed image (compose
 * services, Kubernetes containers, Helm values `image.repository/tag`) changed, was
 * added, or dropped.
 */
export function imageFindings(change: Change, oldText: string | null, newText: string | null): Finding[] {
  if (oldText == null || newText == null) return [];
  const oldSites = sitesOf(change.oldPath ?? change.path, oldText);
  const newSites = sitesOf(change.path, newText);
  if (!oldSites || !newSites) return lineBasedImageFindings(change);
  const out: Finding[] = [];
  const oldByWhere = new Map(oldSites.map((s) => [s.where, s] as const));
  const newWhere = new Set(newSites.map((s) => s.where));
  const oldRefs = new Set(oldSites.map((s) => s.ref));
  const newRefs = new Set(newSites.map((s) => s.ref));
  // Dockerfile stages without names are matched by position when the stage count is unchanged.
  const positional = isDockerfile(change.path) && oldSites.length === newSites.length;
  newSites.forEach((s, i) => {
    const o = oldByWhere.get(s.where) ?? (positional ? oldSites[i] : undefined);
    if (o) {
      if (o.ref === s.ref || o.ref.includes('{{') || s.ref.includes('{{')) return;
      const d = describe(o.ref, s.ref, !isDockerfile(change.path));
      out.push({ kind: 'image-changed', severity: d.severity, subject: s.ref, line: s.line, message: `${label(s.where)}${d.text}` });
    } else if (!oldRefs.has(s.ref)) {
      out.push({ kind: 'image-changed', severity: 'warning', subject: s.ref, line: s.line, message: `${label(s.where)}new image ${s.ref}` });
    }
  });
  if (!positional) {
    for (const o of oldSites) {
      if (newWhere.has(o.where) || newRefs.has(o.ref)) continue;
      out.push({ kind: 'image-changed', severity: 'info', subject: o.ref, line: oldToNewLine(change, o.line), message: `${label(o.where)}no longer uses image ${o.ref}` });
    }
  }
  return out;
}

function label(where: string): string {
  return where === 'FROM' ? 'base image ' : `${where}: `;
}

const LINE_IMAGE = /\bimage\s*[:=]\s*["']?([\w.\-/:@${}]+)["']?/i;

/** For formats without a tree here (Terraform, HCL…): `image = "…"` lines of the diff. */
function lineBasedImageFindings(change: Change): Finding[] {
  const removed = removedLineList(change).map((l) => LINE_IMAGE.exec(l.text)?.[1]).filter((r): r is string => !!r && looksLikeImage(r));
  const out: Finding[] = [];
  let i = 0;
  for (const a of addedLineList(change)) {
    const ref = LINE_IMAGE.exec(a.text)?.[1];
    if (!ref || !looksLikeImage(ref) || removed.includes(ref)) continue;
    const from = removed[i++];
    if (from === undefined) continue;
    const d = describe(from, ref);
    out.push({ kind: 'image-changed', severity: d.severity, subject: ref, line: a.line, message: `image ${d.text}` });
  }
  return out;
}

export const dockerfileAnalyzer: Analyzer = {
  id: 'dockerfile',
  needsContent: true,
  analyze({ change, oldText, newText }) {
    return imageFindings(change, oldText, newText);
  },
};
