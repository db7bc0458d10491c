import { describe, it } from 'node:test';
import { parseDockerfile } from '../../../src/core/analyzers/formats/dockerfile';
import { parseGraphql } from '../../../src/core/analyzers/formats/graphql';
import { parseDotenv, parsePropertiesTree } from '../../../src/core/analyzers/formats/keyValue';
import { assertLinear, repeatTo } from './timing';

// The standard-format readers fixed for real input (issue 15) stay linear on the inputs that
// would make a naive quote, continuation or delimiter search quadratic.
describe('format readers are linear on adversarial input', () => {
  it('.env: unclosed quotes on every line, a closing quote far away, long backslash runs', () => {
    assertLinear('dotenv unclosed single quotes', (s) => repeatTo("K='v\n", s), parseDotenv);
    assertLinear('dotenv close at the end, tail fails', (s) => repeatTo('K="v\n', s - 3) + '"x\n', parseDotenv);
    assertLinear('dotenv escaped quotes', (s) => 'K="' + repeatTo('\\"', s - 3) + '"', parseDotenv);
  });
  it('.properties: backslash runs and continuations', () => {
    assertLinear('properties backslashes', (s) => 'k=' + '\\'.repeat(s - 2), parsePropertiesTree);
    assertLinear('properties continuations', (s) => 'k=' + repeatTo('a\\\n', s - 2), parsePropertiesTree);
    assertLinear('properties unicode escapes', (s) => 'k=' + repeatTo('\\u00e9', s - 2), parsePropertiesTree);
  });
  it('Dockerfile heredocs and GraphQL block strings', () => {
    assertLinear('dockerfile many heredocs', (s) => 'FROM a\n' + repeatTo('RUN <<A <<B\nA\nB\n', s - 7), parseDockerfile);
    assertLinear('dockerfile unterminated heredoc', (s) => 'FROM a\nRUN <<EOF\n' + repeatTo('FROM b\n', s - 17), parseDockerfile);
    assertLinear('graphql escaped block quotes', (s) => '"""' + repeatTo('\\"""', s - 3), parseGraphql);
  });
});
