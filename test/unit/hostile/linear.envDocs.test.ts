/**
 * The release-notes reader (analyzers/envDocs.ts announcedEnvRefs) stays linear: one line of
 * thousands of marked names, a line of underscores, a line of `:envvar:` roles, thousands of
 * lines each announcing a distinct name, a name of megabytes.
 */
import { describe, it } from 'node:test';
import { announcedEnvRefs } from '../../../src/core/analyzers/envDocs';
import { assertLinearPrepared, repeatTo } from './timing';

const many = (unit: (k: number) => string) => (size: number) => {
  let out = '';
  for (let k = 0; out.length < size; k++) out += unit(k);
  return out.slice(0, size);
};
const SHAPES: Record<string, (size: number) => string> = {
  oneLineOfMarkedNames: many((k) => `\`APP_SETTING_${k}\` `),
  underscores: (s) => 'environment ' + repeatTo('_', s - 12),
  envvarRoles: many((k) => `:envvar:\`A_B${k}\`, `),
  linesOfAnnouncements: many((k) => `- Add new environment variable \`APP_SETTING_${k}\`.\n`),
  hugeName: (s) => 'Add `A_' + repeatTo('B', s - 10) + '` setting',
  assignments: many((k) => `APP_${k}_X=${k} `),
};

describe('release notes are read in linear time', () => {
  for (const [name, make] of Object.entries(SHAPES)) {
    it(name, () => {
      assertLinearPrepared(`release notes ${name}`, make, (text) => {
        const lines = text.split('\n').map((t, i) => ({ line: i + 1, text: t }));
        return () => announcedEnvRefs(lines);
      });
    });
  }
});
