import { parseArgs } from 'node:util';
import { analyze, WORKTREE } from '../../core';
import { CHECK_FORMATS, renderReport, type CheckFormat } from '../../core/report';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../usage';

export async function check(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      repo: { type: 'string' },
      base: { type: 'string' },
      head: { type: 'string' },
      worktree: { type: 'boolean' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'uncovered' },
    },
    strict: true,
  });
  const format = values.format as CheckFormat;
  if (!CHECK_FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}' (expected ${CHECK_FORMATS.join(', ')})`);
  const failOn = values['fail-on'];
  if (!['none', 'uncovered', 'critical'].includes(failOn!)) throw new UsageError(`unknown --fail-on '${failOn}' (expected none, uncovered or critical)`);
  if (values.head && values.worktree) throw new UsageError('--head and --worktree exclude each other');
  const report = await analyze({ repo: values.repo ?? process.cwd(), base: values.base, head: values.worktree ? WORKTREE : values.head });
  process.stdout.write(renderReport(report, format, { color: format === 'text' && process.stdout.isTTY && !process.env.NO_COLOR }));
  if (failOn === 'uncovered' && report.summary.uncovered > 0) return EXIT_FAIL;
  if (failOn === 'critical' && report.impacts.some((i) => i.severity === 'critical' && i.coveredBy.length === 0)) return EXIT_FAIL;
  return EXIT_OK;
}
