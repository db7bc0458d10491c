// Shape checks of eval/corpus.json (pure, no I/O): `npm run eval` refuses a corpus with problems,
// and test/unit/eval/corpus.test.ts runs the same checks on the committed corpus, never the cache.
// What a well-formed corpus is: eval/README.md (labelling rules).
import { FIELDS } from './score.mjs';

const SPLITS = ['dev', 'holdout'];
const GROUPS = ['generic', 'regression'];
const SHA = /^[0-9a-f]{40}$/;
const REPO = /^https:\/\/github\.com\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const isBool = (v) => v === true || v === false || v === null;

/** The env-name list problems of one label (null is fine: the notes are silent). */
function nameProblems(v) {
  if (v === null) return [];
  if (!Array.isArray(v) || v.length === 0) return ['must be null or a non-empty list of names'];
  const out = [];
  for (const n of v) if (typeof n !== 'string' || !ENV_NAME.test(n)) out.push(`${JSON.stringify(n)} is not an environment variable name`);
  if (new Set(v).size !== v.length) out.push('lists a name twice');
  return out;
}

/**
 * Every problem of a corpus, one line each (an empty list: well-formed).
 * @param {any} corpus the parsed eval/corpus.json
 * @returns {string[]}
 */
export function corpusProblems(corpus) {
  const out = [];
  if (!corpus || !Array.isArray(corpus.projects)) return ['corpus: "projects" must be a list'];
  const ids = new Set();
  for (const [pi, p] of corpus.projects.entries()) {
    const where = `project ${p?.id ?? `#${pi}`}`;
    if (typeof p?.id !== 'string' || !p.id) { out.push(`${where}: "id" is missing`); continue; }
    if (ids.has(p.id)) out.push(`${where}: the id is used twice`);
    ids.add(p.id);
    if (!REPO.test(p.repo ?? '')) out.push(`${where}: "repo" must be https://github.com/OWNER/NAME`);
    if (!SPLITS.includes(p.split)) out.push(`${where}: "split" must be one of ${SPLITS.join(', ')}`);
    if (!GROUPS.includes(p.group)) out.push(`${where}: "group" must be one of ${GROUPS.join(', ')}`);
    if (typeof p.ecosystem !== 'string' || !p.ecosystem) out.push(`${where}: "ecosystem" is missing`);
    if (typeof p.notes !== 'string' || !p.notes) out.push(`${where}: "notes" (which notes were read) is missing`);
    // A project that once was holdout and whose misses were read says so ("holdout v1, read after …, now dev").
    if (p.splitHistory !== undefined) {
      if (typeof p.splitHistory !== 'string' || !p.splitHistory.trim()) out.push(`${where}: "splitHistory" must be a sentence (which split it was, when it was read)`);
      else if (p.split === 'holdout') out.push(`${where}: "splitHistory" says a holdout was read, so its split must be dev`);
    }
    if (!Array.isArray(p.ranges) || p.ranges.length === 0) { out.push(`${where}: no ranges`); continue; }
    const seen = new Set();
    for (const r of p.ranges) {
      const at = `${where} ${r?.base}..${r?.head}`;
      if (typeof r?.base !== 'string' || typeof r?.head !== 'string' || !r.base || !r.head) { out.push(`${at}: "base" and "head" must be tags`); continue; }
      if (seen.has(`${r.base}..${r.head}`)) out.push(`${at}: the range is listed twice`);
      seen.add(`${r.base}..${r.head}`);
      for (const k of ['baseSha', 'headSha']) if (!SHA.test(r[k] ?? '')) out.push(`${at}: "${k}" must be a full SHA (node scripts/eval/fill-shas.mjs)`);
      const l = r.labels;
      if (!l || typeof l !== 'object') { out.push(`${at}: "labels" is missing`); continue; }
      const keys = Object.keys(l).sort();
      if (keys.join() !== [...FIELDS].sort().join()) out.push(`${at}: "labels" must have exactly ${FIELDS.join(', ')}`);
      for (const k of ['migrations', 'configAction']) if (!isBool(l[k])) out.push(`${at}: ${k} must be true, false or null`);
      for (const k of ['envAdded', 'envRemoved']) for (const m of nameProblems(l[k] ?? null)) out.push(`${at}: ${k} ${m}`);
      const labelled = FIELDS.filter((k) => l[k] !== null && l[k] !== undefined);
      if (!labelled.length) out.push(`${at}: every label is null (a range must label something)`);
      const ev = Array.isArray(r.evidence) ? r.evidence : [];
      const quoted = new Set();
      for (const [ei, e] of ev.entries()) {
        if (typeof e?.quote !== 'string' || !e.quote.trim()) out.push(`${at}: evidence #${ei + 1} has no quote`);
        if (typeof e?.source !== 'string' || !e.source.trim()) out.push(`${at}: evidence #${ei + 1} has no source`);
        const fields = Array.isArray(e?.fields) ? e.fields : [];
        if (!fields.length) out.push(`${at}: evidence #${ei + 1} names no field`);
        for (const f of fields) {
          if (!FIELDS.includes(f)) out.push(`${at}: evidence #${ei + 1} names an unknown field ${JSON.stringify(f)}`);
          else if (l[f] === null) out.push(`${at}: evidence #${ei + 1} is for ${f}, which is labelled null`);
          quoted.add(f);
        }
      }
      for (const f of labelled) if (!quoted.has(f)) out.push(`${at}: ${f} is labelled but no evidence quotes the notes for it`);
    }
  }
  return out;
}
