import type { Locale } from '../l10n/locale';

/** The change log's own words, in English and Simplified Chinese. */
export interface ChangelogWords {
  defaultTitle(base: string, head: string): string;
  generated: string;
  changedFiles(n: number): string;
  contents: string;
  summary: string;
  runbook: string;
  runbookEmpty: string;
  otherSteps: string;
  fromNote: string;
  needsNote: string;
  needsNoteIntro(n: number): string;
  notes: string;
  noNotes: string;
  covers: string;
  skipped(reason: string): string;
  risk: string;
  stepsDone(done: number, total: number): string;
  impacts: string;
  noImpacts: string;
  coveredBy(notes: string): string;
  uncovered: string;
  noNoteNeeded: string;
  skippedState(reason: string): string;
  folded(n: number, parts: string): string;
  renamedFrom: string;
  skips: string;
  skipHead: [string, string, string];
  env: string;
  envNone: string;
  envHead: [string, string];
  added: string;
  removed: string;
  headline: {
    migrations(n: number, columns: number, tables: number): string;
    required(n: number): string;
    optional(n: number): string;
    removedEnv(n: number): string;
    breaking(n: number): string;
    uncovered(n: number): string;
    nothing: string;
  };
  severity(s: string): string;
  done: string;
  todo: string;
  warning: string;
  untitled: string;
  noChecklist: string;
}

const pl = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const EN: ChangelogWords = {
  defaultTitle: (b, h) => `Deployment notes: ${b} → ${h}`,
  generated: 'generated',
  changedFiles: (n) => pl(n, 'changed file', 'changed files'),
  contents: 'Contents',
  summary: 'Summary',
  runbook: 'Runbook',
  runbookEmpty: 'No checklist item in this range.',
  otherSteps: 'Other steps',
  fromNote: 'from',
  needsNote: 'Needs a deployment note',
  needsNoteIntro: (n) => `${n === 1 ? '1 change needs' : `${n} changes need`} a deployment note and ${n === 1 ? 'has' : 'have'} none:`,
  notes: 'Notes',
  noNotes: 'No deployment note in this range.',
  covers: 'Covers',
  skipped: (r) => `skipped: ${r}`,
  risk: 'risk',
  stepsDone: (d, t) => `${d}/${t} steps done`,
  impacts: 'Impacts by category',
  noImpacts: 'Nothing in this range affects a deployment.',
  coveredBy: (n) => `covered by ${n}`,
  uncovered: 'UNCOVERED: needs a deployment note',
  noNoteNeeded: 'no note needed',
  skippedState: (r) => `skipped: ${r}`,
  folded: (n, parts) => `${pl(n, 'informational change', 'informational changes')} (no note needed) not listed${parts ? `: ${parts}` : ''}`,
  renamedFrom: 'from',
  skips: 'Skipped: no action needed',
  skipHead: ['Path', 'Reason', 'Note'],
  env: 'Environment variables',
  envNone: 'None added or removed.',
  envHead: ['Variable', 'Change'],
  added: 'added',
  removed: 'removed',
  headline: {
    migrations: (n, c, t) => {
      const drops = [c ? pl(c, 'column', 'columns') : '', t ? pl(t, 'table', 'tables') : ''].filter(Boolean).join(' and ');
      return `${pl(n, 'migration', 'migrations')}${drops ? ` ${n === 1 ? 'drops' : 'drop'} ${drops}` : ''}`;
    },
    required: (n) => pl(n, 'new required env var', 'new required env vars'),
    optional: (n) => pl(n, 'new optional setting', 'new optional settings'),
    removedEnv: (n) => pl(n, 'env var no longer read', 'env vars no longer read'),
    breaking: (n) => pl(n, 'breaking API change', 'breaking API changes'),
    uncovered: (n) => `${n} without a deployment note`,
    nothing: 'Nothing to do at deploy time',
  },
  severity: (s) => s,
  done: 'done',
  todo: 'to do',
  warning: 'Warning',
  untitled: '(untitled)',
  noChecklist: 'No checklist.',
};

const ZH: ChangelogWords = {
  defaultTitle: (b, h) => `部署说明：${b} → ${h}`,
  generated: '生成于',
  changedFiles: (n) => `${n} 个文件有改动`,
  contents: '目录',
  summary: '摘要',
  runbook: '操作手册',
  runbookEmpty: '此范围内没有检查项。',
  otherSteps: '其他步骤',
  fromNote: '来自',
  needsNote: '需要部署说明',
  needsNoteIntro: (n) => `${n} 项改动需要部署说明，但尚未编写：`,
  notes: '部署说明',
  noNotes: '此范围内没有部署说明。',
  covers: '覆盖',
  skipped: (r) => `已跳过：${r}`,
  risk: '风险',
  stepsDone: (d, t) => `已完成 ${d}/${t} 步`,
  impacts: '按类别列出的影响',
  noImpacts: '此范围内没有影响部署的改动。',
  coveredBy: (n) => `已由 ${n} 覆盖`,
  uncovered: '未覆盖：需要部署说明',
  noNoteNeeded: '无需部署说明',
  skippedState: (r) => `已跳过：${r}`,
  folded: (n, parts) => `另有 ${n} 项提示性改动（无需部署说明）未列出${parts ? `：${parts}` : ''}`,
  renamedFrom: '原路径',
  skips: '已跳过：无需操作',
  skipHead: ['路径', '原因', '说明'],
  env: '环境变量',
  envNone: '没有新增或移除的环境变量。',
  envHead: ['变量', '变化'],
  added: '新增',
  removed: '移除',
  headline: {
    migrations: (n, c, t) => {
      const drops = [c ? `${c} 列` : '', t ? `${t} 张表` : ''].filter(Boolean).join('和');
      return `${n} 个迁移${drops ? `删除 ${drops}` : ''}`;
    },
    required: (n) => `${n} 个新的必需环境变量`,
    optional: (n) => `${n} 个新的可选设置`,
    removedEnv: (n) => `${n} 个不再读取的环境变量`,
    breaking: (n) => `${n} 项破坏性 API 变更`,
    uncovered: (n) => `${n} 项没有部署说明`,
    nothing: '部署时无需额外操作',
  },
  severity: (s) => ({ info: '提示', warning: '警告', critical: '严重' })[s] ?? s,
  done: '已完成',
  todo: '待办',
  warning: '警告',
  untitled: '（无标题）',
  noChecklist: '没有检查清单。',
};

export function changelogWords(locale: Locale): ChangelogWords {
  return locale === 'zh-cn' ? ZH : EN;
}
