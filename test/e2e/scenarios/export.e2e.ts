// Change-log export: "Handoff: Export Change Log…" from the palette, main → HEAD on
// feature/billing, saved as Markdown and as HTML; each file holds the note titles, their
// checklist items and the impacts no note covers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assert, cliReport, type Scenario } from '../scenario';
import { waitFor } from '../workbench';

/** Text as a reader sees it: tags dropped, entities decoded, code backticks and spacing ignored. */
function readable(text: string): string {
  return text
    .replace(/<wbr\s*\/?>/gi, '') // a place a path may wrap, not a space
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#0?39;|&apos;/g, "'").replace(/&#x2F;/gi, '/').replace(/&amp;/g, '&')
    .replace(/`/g, '')
    .replace(/\s+/g, ' ');
}

export const scenario: Scenario = {
  name: 'export',
  title: 'change-log export: Markdown and HTML files hold note titles, checklist items, uncovered impacts',
  checkout: 'feature/billing',
  async run({ wb, workspace, step }) {
    const expected = cliReport(workspace, 'main', 'HEAD');
    const uncovered = expected.impacts.filter((i) => i.requiresNote && i.coveredBy.length === 0).map((i) => i.path);
    assert(expected.notes.length > 0 && uncovered.length > 0, `the demo range has notes (${expected.notes.length}) and uncovered impacts (${uncovered.length})`);
    await wb.ready();

    for (const [format, ext] of [['Markdown', 'md'], ['HTML', 'html']] as const) {
      const target = path.join(workspace, `handoff-changelog.${ext}`);
      step(`Export Change Log… main → HEAD as ${format} to ${path.basename(target)}`);
      await wb.command('Handoff: Export Change Log…');
      await wb.pick(/range/i, /main → HEAD/);
      await wb.pick(/format/i, new RegExp(`^\\s*${format}`));
      await wb.pick(/destination/i, /Save to File/);
      await wb.saveAs(target);
      const text = await waitFor(`${path.basename(target)} on disk`, () => (fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined), 30_000);
      await wb.notification(`Change log saved to ${path.basename(target)}`);
      await wb.shot(`saved-${ext}`);

      const seen = readable(text);
      const missing: string[] = [];
      for (const note of expected.notes) {
        if (!seen.includes(readable(note.title))) missing.push(`note title "${note.title}"`);
        for (const item of note.items) if (!seen.includes(readable(item.text).trim())) missing.push(`checklist item "${item.text}"`);
      }
      for (const p of uncovered) if (!seen.includes(p)) missing.push(`uncovered impact ${p}`);
      assert(missing.length === 0, `${format} change log (${text.length} chars) lacks: ${missing.join('; ')}`);
      if (format === 'HTML') assert(/<html[\s>]/i.test(text) && /<\/html>\s*$/i.test(text), 'the HTML export is a whole page');
      step(`${format}: ${expected.notes.length} note(s), ${expected.notes.reduce((n, x) => n + x.items.length, 0)} items, ${uncovered.length} uncovered impact(s) present`);
    }
  },
};
