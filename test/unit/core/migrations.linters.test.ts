import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzerFor } from '../../../src/core/analyzers';
import { RuleMatcher } from '../../../src/core/rules/matcher';
import { BUILTIN_RULES } from '../../../src/core/rules/packs';
import type { Change, Finding, FindingKind } from '../../../src/core/types';
import { hunksBetween } from './analyzers.helpers';

/**
 * Handoff against the specialist migration linters, on their own documented dangerous and
 * safe examples (test/fixtures/migration-linters/*.json, each case with its source). Each
 * case goes through the built-in rules as a new migration file would (path → rule →
 * analyzers), so a case whose path no migration rule matches finds nothing.
 *
 * Recall: dangerous cases where Handoff raises every expected finding kind.
 * False positives: safe cases where Handoff raises a risk kind (destructive, locking,
 * irreversible). Cases marked `disagree` (Handoff differs from the linter on purpose,
 * with the reason written down) are counted apart.
 */

interface Case {
  id: string;
  source: string;
  family: 'sql' | 'rails' | 'django';
  verdict: 'dangerous' | 'safe';
  expect: FindingKind[];
  path: string;
  text: string;
  note?: string;
  disagree?: string;
}

const DIR = path.resolve(__dirname, '../../fixtures/migration-linters');
const RISK_KINDS = new Set<FindingKind>(['destructive-sql', 'locking-migration', 'irreversible-migration']);

function loadCases(): Case[] {
  const out: Case[] = [];
  for (const f of ['squawk.json', 'strong_migrations.json', 'django-migration-linter.json']) {
    const data = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as { cases: Case[] };
    out.push(...data.cases);
  }
  return out;
}

const matcher = new RuleMatcher(BUILTIN_RULES, []);

/** Handoff's findings for a case: the file added in a range, through its rule's analyzers. */
export function findingsOf(c: Case): Finding[] {
  const change: Change = { status: 'added', path: c.path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: hunksBetween('', c.text) };
  const rule = matcher.match(change, c.text);
  if (!rule) return [];
  const findings: Finding[] = [];
  for (const id of rule.analyzers ?? []) findings.push(...analyzerFor(id).analyze({ change, rule, oldText: null, newText: c.text }));
  return findings;
}

interface Score {
  dangerous: number;
  caught: number;
  safe: number;
  falseAlarms: number;
  disagree: number;
  missed: string[];
  alarms: string[];
}

function score(cases: Case[]): Map<string, Score> {
  const by = new Map<string, Score>();
  for (const c of cases) {
    let s = by.get(c.family);
    if (!s) by.set(c.family, (s = { dangerous: 0, caught: 0, safe: 0, falseAlarms: 0, disagree: 0, missed: [], alarms: [] }));
    if (c.disagree) {
      s.disagree++;
      continue;
    }
    const found = findingsOf(c);
    const kinds = new Set(found.map((f) => f.kind));
    if (c.verdict === 'dangerous') {
      s.dangerous++;
      if (c.expect.every((k) => kinds.has(k)) && (c.expect.length > 0 || found.some((f) => RISK_KINDS.has(f.kind)))) s.caught++;
      else s.missed.push(`${c.id} (want ${c.expect.join(', ')}; got ${[...kinds].join(', ') || 'nothing'})`);
    } else {
      s.safe++;
      const risky = found.filter((f) => RISK_KINDS.has(f.kind));
      if (risky.length) {
        s.falseAlarms++;
        s.alarms.push(`${c.id}: ${risky.map((f) => `${f.kind} "${f.message}"`).join('; ')}`);
      }
    }
  }
  return by;
}

const pct = (a: number, b: number): string => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');

describe('migration risk against the specialist linters', () => {
  const cases = loadCases();
  const scores = score(cases);

  it('the corpus holds dangerous and safe cases of every family, each with a source', () => {
    for (const fam of ['sql', 'rails', 'django']) {
      const s = scores.get(fam);
      assert.ok(s && s.dangerous >= 15 && s.safe >= 8, `family ${fam}: ${JSON.stringify(s && { d: s.dangerous, s: s.safe })}`);
    }
    for (const c of cases) assert.match(c.source, /@[0-9a-f]{40} /, c.id);
    assert.equal(new Set(cases.map((c) => c.id)).size, cases.length, 'ids are unique');
  });

  for (const fam of ['sql', 'rails', 'django'] as const) {
    it(`${fam}: recall ≥ 90% and false positives ≤ 5%`, () => {
      const s = scores.get(fam)!;
      const recall = s.caught / s.dangerous;
      const fp = s.falseAlarms / s.safe;
      console.log(
        `[migration linters] ${fam}: recall ${s.caught}/${s.dangerous} = ${pct(s.caught, s.dangerous)}, false positives ${s.falseAlarms}/${s.safe} = ${pct(s.falseAlarms, s.safe)}, deliberate differences ${s.disagree}`,
      );
      for (const m of s.missed) console.log(`  missed: ${m}`);
      for (const a of s.alarms) console.log(`  false alarm: ${a}`);
      assert.ok(recall >= 0.9, `${fam} recall ${pct(s.caught, s.dangerous)}`);
      assert.ok(fp <= 0.05, `${fam} false positives ${pct(s.falseAlarms, s.safe)}`);
    });
  }

  it('plain SQL: at least the PostgreSQL linter published figures (85% recall at 7% false alarms, issue 12)', () => {
    const s = scores.get('sql')!;
    assert.ok(s.caught / s.dangerous >= 0.85 && s.falseAlarms / s.safe <= 0.07);
  });
});

describe('the risk catalog', () => {
  it('every operation has an English and a Chinese entry with the same placeholders', async () => {
    const { RISKS } = await import('../../../src/core/analyzers/migrationRisk');
    // the Chinese the catalog shows (src/core/l10n/risks.ts)
    const { RISKS_ZH } = await import('../../../src/core/l10n/risks');
    for (const op of Object.keys(RISKS) as (keyof typeof RISKS)[]) {
      const en = RISKS[op];
      const zh = RISKS_ZH[op];
      assert.ok(zh && zh.what && zh.lock && zh.recipe, op);
      for (const ph of ['{subject}', '{detail}']) assert.equal(zh.what.includes(ph), en.what.includes(ph), `${op} ${ph}`);
    }
  });
});
