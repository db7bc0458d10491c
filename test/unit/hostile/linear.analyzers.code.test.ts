/**
 * The code-reading analyzers (secrets, env files and manifests, env reads, SQL, migration DSLs,
 * DDL in code) on 10 KB and 100 KB of adversarial shapes: see linear.analyzers.test.ts.
 */
import { CODE_ANALYZERS, describeLinear } from './analyzerCases';

describeLinear(CODE_ANALYZERS);
