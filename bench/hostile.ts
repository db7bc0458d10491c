/**
 * Hostile-input timings of every analyzer (issue 16): for each analyzer, file and adversarial
 * shape, the CPU time on 10 KB and 100 KB, measured as test/unit/hostile/linear.analyzers*.test.ts
 * does (timing.ts `scaling`; the tests add the 1 MB decade on a miss). A shape that stalls is cut off after --stall
 * seconds (default 10) and reported as such; the rest go on in a fresh process.
 *
 *   node --import tsx bench/hostile.ts [--only ANALYZER] [--stall 10] [--json out.json]
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { ANALYZER_CASES, prepareCase, shapesOf } from '../test/unit/hostile/analyzerCases';
import { scaling } from '../test/unit/hostile/timing';

function child(ci: number, si: number, from: number): void {
  const c = ANALYZER_CASES[ci]!;
  const site = c.sites[si]!;
  const shapes = Object.entries(shapesOf(c));
  for (let k = from; k < shapes.length; k++) {
    const [name, make] = shapes[k]!;
    process.stdout.write(`start\t${k}\n`);
    // the test's own measurement (timing.ts): best of a few, ten 10 KB runs in a row against one 100 KB run
    const r = scaling((size) => site.wrap(make(size)), (text) => prepareCase(c, site, text));
    const s = r.small;
    const l = r.large;
    process.stdout.write(`done\t${k}\t${name}\t${s.toFixed(2)}\t${l.toFixed(2)}\n`);
  }
}

interface Row { analyzer: string; path: string; shape: string; small: number | null; large: number | null; stalled?: true }

async function parent(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (k: string): string | undefined => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
  const only = opt('--only');
  const stall = Number(opt('--stall') ?? 10) * 1000;
  const rows: Row[] = [];
  for (let ci = 0; ci < ANALYZER_CASES.length; ci++) {
    const c = ANALYZER_CASES[ci]!;
    if (only && c.analyzer !== only) continue;
    const names = Object.keys(shapesOf(c));
    for (let si = 0; si < c.sites.length; si++) {
      let from = 0;
      while (from < names.length) {
        from = await new Promise<number>((resolve) => {
          const p = spawn(process.execPath, ['--import', 'tsx', __filename, '--child', String(ci), String(si), String(from)], { stdio: ['ignore', 'pipe', 'inherit'] });
          let current = from;
          let buf = '';
          // the first timer covers the child's start (compiling under load takes seconds)
          let timer = setTimeout(onStall, stall + 60_000);
          function onStall(): void {
            rows.push({ analyzer: c.analyzer, path: c.sites[si]!.path, shape: names[current]!, small: null, large: null, stalled: true });
            console.log(`${c.analyzer}\t${c.sites[si]!.path}\t${names[current]}\tSTALLED > ${stall / 1000} s`);
            p.kill('SIGKILL');
            resolve(current + 1);
          }
          p.stdout.on('data', (d: Buffer) => {
            buf += d.toString();
            let nl;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl).split('\t');
              buf = buf.slice(nl + 1);
              clearTimeout(timer);
              timer = setTimeout(onStall, stall);
              if (line[0] === 'start') current = Number(line[1]);
              else {
                const row: Row = { analyzer: c.analyzer, path: c.sites[si]!.path, shape: line[2]!, small: Number(line[3]), large: Number(line[4]) };
                rows.push(row);
                const ratio = row.large! / Math.max(row.small!, 0.25);
                if (ratio >= 20 || row.large! > 500) console.log(`${row.analyzer}\t${row.path}\t${row.shape}\t${row.small}\t${row.large}\t×${ratio.toFixed(0)}`);
              }
            }
          });
          p.on('exit', () => { clearTimeout(timer); resolve(names.length); });
        });
      }
    }
  }
  const out = opt('--json');
  if (out) writeFileSync(out, JSON.stringify(rows, null, 1));
}

if (process.argv[2] === '--child') child(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]));
else void parent();
