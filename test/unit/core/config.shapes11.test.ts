/**
 * Config actions of issue 11's session-11 shapes, on real repositories:
 * - a config schema kept in a `.schema/` / `.schemas/` folder (ORY's `.schemas/config.schema.json`)
 *   is the program's own: a setting it stops defining is an action; decoys: a tool's schema under
 *   `.github/` (or `.schemastore/`, `.schema-old/`: only `.schema` and `.schemas` are kept) losing a property is not;
 * - Go option structs declare command-line options in struct tags (go-flags `long:"peer-url"`,
 *   go-arg `arg:"--peer-url"`): a tag's option removed and named nowhere is an action; decoys: a
 *   renamed field keeping its `long:` name, a `json:` / `env:` tag removed, an option moved to
 *   another module.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import type { Impact, Report } from '../../../src/core';
import { optionDeclarations } from '../../../src/core/analyzers/cliOptions';
import { configSchemaFindings } from '../../../src/core/analyzers/configSchema';
import { parseConfig } from '../../../src/core/analyzers/formats/config';
import { TestRepo } from '../../helpers/repo';

const schema = (retry: Record<string, unknown>) =>
  JSON.stringify(
    {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: {
        serve: { type: 'object', properties: { port: { type: 'number', default: 4455 } } },
        retry: { type: 'object', additionalProperties: false, properties: retry },
      },
    },
    null,
    2,
  ) + '\n';

describe('a config schema in a .schemas/ folder is the program\'s own', () => {
  const repo = new TestRepo('cfg11-dotschema');
  after(() => repo.dispose());
  const v1 = { number_of_retries: { type: 'number', default: 100 }, delay_in_milliseconds: { type: 'number', default: 3 } };
  const v2 = { give_up_after: { type: 'string', default: '1s' }, max_delay: { type: 'string', default: '100ms' } };
  repo.commit('init', {
    '.schemas/config.schema.json': schema(v1),
    '.schema/config.schema.json': schema(v1),
    '.github/config.schema.json': schema(v1),
    // dot-folders that only start like `.schema`: a tool's store of schemas, an old copy (review11 F9)
    '.schemastore/config.schema.json': schema(v1),
    '.schema-old/config.schema.json': schema(v1),
    'main.go': 'package main\n\nfunc main() {}\n',
  });
  repo.checkout('feature', true);
  repo.commit('retry durations', {
    '.schemas/config.schema.json': schema(v2),
    '.schema/config.schema.json': schema(v2),
    '.github/config.schema.json': schema(v2),
    '.schemastore/config.schema.json': schema(v2),
    '.schema-old/config.schema.json': schema(v2),
  });
  let report: Report | null = null;
  const impact = async (p: string): Promise<Impact | undefined> => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' })).impacts.find((i) => i.path === p);

  it('settings the schema stops defining need a note, named (.schemas/ and .schema/)', async () => {
    for (const p of ['.schemas/config.schema.json', '.schema/config.schema.json']) {
      const i = await impact(p);
      assert.equal(i?.rule, 'config.schema', p);
      assert.equal(i?.requiresNote, true, p);
      assert.deepEqual(i!.findings.filter((f) => f.kind === 'config-key-removed').map((f) => f.subject).sort(), ['retry.delay_in_milliseconds', 'retry.number_of_retries'], p);
    }
  });

  it('decoy: the same schema under a tool folder (.github/, .schemastore/, .schema-old/) is no config action', async () => {
    for (const p of ['.github/config.schema.json', '.schemastore/config.schema.json', '.schema-old/config.schema.json']) {
      const i = await impact(p);
      assert.ok(!i || i.rule !== 'config.schema', `${p}: ${JSON.stringify(i)}`);
      assert.ok(!i || !(i.category === 'config' || i.category === 'env') || !i.requiresNote, `${p}: ${JSON.stringify(i)}`);
    }
  });
});

const WEB = (fields: string) => `package atccmd

import "time"

type RunCommand struct {
\tExternalURL string \`long:"external-url" description:"URL used to reach any ATC from the outside world."\`
${fields}
\tBindPort uint16 \`long:"bind-port" default:"8080" description:"Port on which to listen for HTTP traffic."\`
}

func (c *RunCommand) Interval() time.Duration { return 0 }
`;

describe('Go struct tags that declare command-line options', () => {
  it('reads go-flags long:"x" and go-arg arg:"--x" as options, not json/env tags', () => {
    const text = 'package x\n\ntype A struct {\n\tPeer string `long:"peer-url" env:"PEER_URL" json:"peer"`\n\tV bool `arg:"-v,--verbose,env:VERBOSE"`\n\tName string `json:"name-of-thing" yaml:"name"`\n}\n';
    assert.deepEqual(optionDeclarations('cmd/a.go', text).map((d) => d.name), ['--peer-url', '--verbose']);
  });

  const repo = new TestRepo('cfg11-goflags');
  after(() => repo.dispose());
  repo.commit('init', {
    'atc/atccmd/command.go': WEB('\tPeerURL string `long:"peer-url" description:"URL used to reach this ATC from other ATCs."`\n\tRunnerInterval time.Duration `long:"runner-interval" default:"10s"`'),
    'tsa/tsacmd/command.go': 'package tsacmd\n\ntype TSACommand struct {\n\tPeerIP string `long:"peer-ip" description:"IP address of this TSA"`\n\tLogLevel string `long:"log-level" default:"info"`\n\tPayload string `json:"payload-kind"`\n}\n',
    'atc/api/types.go': 'package api\n\ntype Build struct {\n\tTeamName string `json:"team-name"`\n}\n',
  });
  repo.checkout('feature', true);
  repo.commit('peer address', {
    // --peer-url removed, named nowhere: an action; --runner-interval's field renamed, its name kept: none
    'atc/atccmd/command.go': WEB('\tPeerAddress string `long:"peer-address" default:"127.0.0.1"`\n\tComponentRunnerInterval time.Duration `long:"runner-interval" default:"10s"`'),
    // --peer-ip moved to the web command's module of another package: named elsewhere, none; a json tag removed: none
    'tsa/tsacmd/command.go': 'package tsacmd\n\ntype TSACommand struct {\n\tLogLevel string `long:"log-level" default:"info"`\n}\n',
    'cmd/concourse/web.go': 'package main\n\ntype WebCommand struct {\n\tPeerIP string `long:"peer-ip" description:"IP address of this web node"`\n}\n',
    'atc/api/types.go': 'package api\n\ntype Build struct {\n}\n',
  });
  let report: Report | null = null;
  const impact = async (p: string): Promise<Impact | undefined> => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' })).impacts.find((i) => i.path === p);

  it('an option struct tag removed, its name left nowhere, needs a note naming the option', async () => {
    const i = await impact('atc/atccmd/command.go');
    assert.equal(i?.rule, 'generic.cli-option');
    assert.equal(i?.requiresNote, true);
    assert.deepEqual(i!.findings.map((f) => `${f.kind}:${f.subject}`), ['config-key-removed:--peer-url']);
  });

  it('decoys: an option moved to another module, a json tag removed', async () => {
    for (const p of ['tsa/tsacmd/command.go', 'atc/api/types.go']) {
      const i = await impact(p);
      assert.ok(!i || !i.requiresNote, `${p}: ${JSON.stringify(i)}`);
    }
  });
});

const PARAMS = (rows: string) => `/* The runtime parameters, as an X-macro table. */
#ifdef PARAM_ALL
#  define PARAM_SIMPLE(nm, ty, ...) PARAM(, , nm, tweak_##ty, &mgt_param.nm, __VA_ARGS__)
#endif

PARAM_SIMPLE(
\t/* name */\tthread_pool_min,
\t/* type */\tthread_pool_min,
\t/* min */\t"5"
)
${rows}
PARAM_SIMPLE(
\t/* name */\tsend_timeout,
\t/* type */\ttimeout,
\t/* def */\t"600"
)
`;

describe('a settings header written as X-macro rows', () => {
  const repo = new TestRepo('cfg11-xmacro');
  after(() => repo.dispose());
  repo.commit('init', {
    'include/tbl/params.h': PARAMS('PARAM_SIMPLE(\n\t/* name */\tvsm_space,\n\t/* type */\tbytes,\n\t/* def */\t"1M"\n)\n\nPARAM_SIMPLE(pcre_match_limit, uint, 1000)\nPARAM_SIMPLE(\n\t/* name */\tshm_reclen,\n\t/* def */\t"255"\n)\n'),
    'src/options.h': '#ifndef OPTIONS_H\n#define OPTIONS_H\nOPTION(max_conns, int, 10)\nOPTION(log_format, str, "text")\nOPTION(read_timeout, int, 5)\n#endif\n',
    'src/worker.h': 'struct worker;\nREGISTER(worker_pool, 4)\nvoid run(void);\n',
    'src/main.c': '#include "options.h"\nint main(void) { return 0; }\n',
  });
  repo.checkout('feature', true);
  repo.commit('drop deprecated parameters', {
    // vsm_space's row removed: an action; pcre_match_limit renamed to pcre2_match_limit: the old name is gone, an action
    // shm_reclen's row moved to another table header (still a parameter): no action (review11 F2)
    'include/tbl/params.h': PARAMS('PARAM_SIMPLE(pcre2_match_limit, uint, 1000)\n\nPARAM_SIMPLE(\n\t/* name */\tbackend_wait_limit,\n\t/* type */\tuint,\n\t/* def */\t"0"\n)\n'),
    'include/tbl/params_vsl.h': 'PARAM_SIMPLE(\n\t/* name */\tshm_reclen,\n\t/* def */\t"255"\n)\n',
    // a row only moved within the table and a row added: no action
    'src/options.h': '#ifndef OPTIONS_H\n#define OPTIONS_H\nOPTION(log_format, str, "text")\nOPTION(read_timeout, int, 5)\nOPTION(max_conns, int, 10)\nOPTION(idle_timeout, int, 60)\n#endif\n',
    // not a settings module (a header not named for settings): no action
    'src/worker.h': 'struct worker;\nvoid run(void);\n',
  });
  let report: Report | null = null;
  const impact = async (p: string): Promise<Impact | undefined> => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' })).impacts.find((i) => i.path === p);

  it('a row removed or renamed names the setting the operator can no longer set', async () => {
    const i = await impact('include/tbl/params.h');
    assert.equal(i?.rule, 'generic.setting-removed');
    assert.equal(i?.requiresNote, true);
    assert.deepEqual(i!.findings.map((f) => f.subject).sort(), ['pcre_match_limit', 'vsm_space']);
  });

  it('decoys: rows reordered and added, a header not named for settings', async () => {
    for (const p of ['src/options.h', 'src/worker.h']) {
      const i = await impact(p);
      assert.ok(!i || !i.requiresNote, `${p}: ${JSON.stringify(i)}`);
    }
  });
});

describe('X-macro rows: a row moved to another header, a config.h\'s one-off macros (review11 F2)', () => {
  const repo = new TestRepo('cfg11-xmacro-moved');
  after(() => repo.dispose());
  const row = (name: string, def: string) => `PARAM_SIMPLE(\n\t/* name */\t${name},\n\t/* def */\t"${def}"\n)\n`;
  repo.commit('init', {
    'include/tbl/params.h': row('vsm_space', '1M') + row('send_timeout', '600') + row('idle_send_timeout', '60'),
    'src/config.h': '#include <sys/queue.h>\nTAILQ_HEAD(listener_head, listener);\nSTATIC_ASSERT(max_workers, 64);\nDECLARE_MUTEX(config_lock);\nint config_parse(const char *p);\n',
    'src/listener.c': '#include "config.h"\nstruct listener_head all;\n',
    'src/mgt.c': 'int x;\n',
  });
  repo.checkout('feature', true);
  repo.commit('move', {
    // vsm_space's row moved to another table file: still a parameter
    'include/tbl/params.h': row('send_timeout', '600') + row('idle_send_timeout', '60'),
    'include/tbl/params_vsm.h': row('vsm_space', '1M'),
    // the queue head, the assertion and the lock moved out of config.h: no table, no settings
    'src/config.h': 'int config_parse(const char *p);\n',
    'src/listener.h': '#include <sys/queue.h>\nTAILQ_HEAD(listener_head, listener);\nSTATIC_ASSERT(max_workers, 64);\nDECLARE_MUTEX(config_lock);\n',
  });

  it('both are silent', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    for (const p of ['include/tbl/params.h', 'src/config.h']) {
      const i = report.impacts.find((x) => x.path === p);
      assert.ok(!i || !i.requiresNote, `${p}: ${JSON.stringify(i)}`);
    }
  });
});

const ENCODER = (ctor: string) => `package com.acme.routing;

public class CarEncoder extends AbstractEncoder {
    public CarEncoder(PMap properties) {
        super(properties.getInt("speed_bits", 5));
${ctor}
    }
}
`;

describe('a config key code read on a removed line, read nowhere any more', () => {
  const repo = new TestRepo('cfg11-reads');
  after(() => repo.dispose());
  repo.commit('init', {
    'core/src/main/java/com/acme/routing/CarEncoder.java': ENCODER('        blockBarriers(properties.getBool("block_barriers", true));\n        maxSpeed(properties.getDouble("max_speed", 140));'),
    'core/src/main/java/com/acme/routing/BikeEncoder.java': 'package com.acme.routing;\n\nclass BikeEncoder {\n    BikeEncoder(PMap properties) {\n        turnCosts(properties.getBool("turn_costs", false));\n    }\n}\n',
    'core/src/main/java/com/acme/routing/FootEncoder.java': 'package com.acme.routing;\n\nclass FootEncoder {\n    FootEncoder(PMap conf) {\n        speed(conf.getInt("foot_speed", 5));\n    }\n}\n',
    'app/worker.py': 'def start(config):\n    pool = config.get("worker_pool_size", 4)\n    return pool\n',
    'core/src/test/java/com/acme/routing/CarEncoderTest.java': 'class CarEncoderTest {\n  void t() { new CarEncoder(new PMap("block_barriers=false")); }\n}\n',
  });
  repo.checkout('feature', true);
  repo.commit('barriers no longer block by default', {
    // block_barriers read removed and named by no other module (a test does not count): an action
    'core/src/main/java/com/acme/routing/CarEncoder.java': ENCODER('        maxSpeed(properties.getDouble("max_speed", 140));'),
    // turn_costs read moved to another module: no action
    'core/src/main/java/com/acme/routing/BikeEncoder.java': 'package com.acme.routing;\n\nclass BikeEncoder {\n    BikeEncoder(PMap properties) {\n        turnCosts(TurnCosts.of(properties));\n    }\n}\n',
    'core/src/main/java/com/acme/routing/TurnCosts.java': 'package com.acme.routing;\n\nclass TurnCosts {\n    static boolean of(PMap properties) {\n        return properties.getBool("turn_costs", false);\n    }\n}\n',
    // read rewritten on another line of the same file: no action
    'core/src/main/java/com/acme/routing/FootEncoder.java': 'package com.acme.routing;\n\nclass FootEncoder {\n    FootEncoder(PMap conf) {\n        int s = conf.getInt("foot_speed", 6);\n        speed(s);\n    }\n}\n',
    // a Python read removed with its use: an action
    'app/worker.py': 'def start(config):\n    return 4\n',
  });
  let report: Report | null = null;
  const impact = async (p: string): Promise<Impact | undefined> => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' })).impacts.find((i) => i.path === p);

  it('the key read nowhere any more needs a note naming it', async () => {
    const i = await impact('core/src/main/java/com/acme/routing/CarEncoder.java');
    assert.equal(i?.rule, 'generic.setting-removed');
    assert.equal(i?.requiresNote, true);
    assert.deepEqual(i!.findings.map((f) => `${f.kind}:${f.subject}`), ['config-key-removed:block_barriers']);
    assert.match(i!.findings[0].message, /^no longer reads config key `block_barriers`/);
  });

  it('a Python read of a setting-shaped key removed with its use is an action too', async () => {
    const i = await impact('app/worker.py');
    assert.equal(i?.rule, 'generic.setting-removed');
    assert.deepEqual(i!.findings.map((f) => f.subject), ['worker_pool_size']);
  });

  it('decoys: a read moved to another module, a read rewritten in the same file', async () => {
    for (const p of ['core/src/main/java/com/acme/routing/BikeEncoder.java', 'core/src/main/java/com/acme/routing/FootEncoder.java', 'core/src/main/java/com/acme/routing/TurnCosts.java']) {
      const i = await impact(p);
      assert.ok(!i || !i.requiresNote, `${p}: ${JSON.stringify(i)}`);
    }
  });
});

const NODE_OPTIONS = (props: string) => `namespace Acme.Core;

public partial record ClusterNodeOptions {
\tpublic record DatabaseOptions {
\t\tpublic int ChunkSize { get; init; } = 268435456;
${props}
\t\tpublic int QuorumSize => ClusterSize == 1 ? 1 : ClusterSize / 2 + 1;

\t\tpublic static DatabaseOptions FromConfiguration(IConfigurationRoot configurationRoot) => new() {
\t\t\tChunkSize = configurationRoot.GetValue<int>(nameof(ChunkSize)),
\t\t};
\t}
}
`;
const SMTP = (props: string) => `namespace Acme.Core.Mail;\n\npublic sealed class SmtpOptions\n{\n    public string HostName { get; set; } = "localhost";\n${props}}\n`;
const DTO = (props: string) => `namespace Acme.Api.Models;\n\npublic class SearchOptions\n{\n    public string QueryText { get; set; } = "";\n${props}    public int PageNumber { get; set; } = 1;\n}\n`;
const ENTITY = (props: string) => `namespace Acme.Domain;\n\npublic class UserSettings\n{\n    public Guid UserId { get; set; }\n${props}    public string ThemeName { get; set; } = "light";\n}\n`;

describe('a C# options class\'s public properties are the settings the binder fills', () => {
  const repo = new TestRepo('cfg11-csharp');
  after(() => repo.dispose());
  repo.commit('init', {
    'src/Acme.Core/ClusterNodeOptions.cs': NODE_OPTIONS('\t\tpublic int PrepareCount { get; init; } = -1;\n\t\tpublic int CommitCount { get; init; } = -1;\n\t\tpublic bool EnableExternalTcp { get; set; }'),
    'src/Acme.Core/Services/StreamService.cs': 'namespace Acme.Core.Services;\n\npublic class StreamService {\n\tpublic int PendingWrites { get; set; }\n}\n',
    'src/Acme.Core/Program.cs': 'namespace Acme.Core;\n\npublic static class Program {\n\tpublic static void Main() {}\n}\n',
    // bound by the host: a setting; a request DTO and a domain entity: bound by nothing (review11 F1)
    'src/Acme.Core/Mail/SmtpOptions.cs': SMTP('    public int RetryCount { get; set; } = 3;\n    public bool UseStartTls { get; set; }\n'),
    'src/Acme.Core/Mail/MailSetup.cs': 'namespace Acme.Core.Mail;\n\npublic static class MailSetup {\n\tpublic static void Add(IServiceCollection services, IConfiguration c) {\n\t\tservices.Configure<SmtpOptions>(c.GetSection("Smtp"));\n\t}\n}\n',
    'src/Acme.Api/Models/SearchOptions.cs': DTO('    public int PageSize { get; set; } = 20;\n'),
    'src/Acme.Api/Controllers/SearchController.cs': 'namespace Acme.Api.Controllers;\n\npublic class SearchController {\n\tpublic IActionResult Get([FromQuery] SearchOptions options) => Ok(options.PageNumber);\n}\n',
    'src/Acme.Domain/UserSettings.cs': ENTITY('    public bool EmailDigest { get; set; }\n'),
    'src/Acme.Domain/AppDbContext.cs': 'namespace Acme.Domain;\n\npublic class AppDbContext : DbContext {\n\tpublic DbSet<UserSettings> UserSettings => Set<UserSettings>();\n}\n',
  });
  repo.checkout('feature', true);
  repo.commit('remove prepare/commit counts', {
    // PrepareCount and CommitCount removed: an action; EnableExternalTcp renamed in place with its old name kept: none
    'src/Acme.Core/ClusterNodeOptions.cs': NODE_OPTIONS('\t\tpublic bool EnableTcpApi { get; set; }\n\t\t[Obsolete("use EnableTcpApi")] public bool EnableExternalTcp { get => EnableTcpApi; set => EnableTcpApi = value; }'),
    // a property of a class that is no options class: none
    'src/Acme.Core/Services/StreamService.cs': 'namespace Acme.Core.Services;\n\npublic class StreamService {\n}\n',
    // RetryCount removed from the bound class: an action; UseStartTls moved to another bound class: none
    'src/Acme.Core/Mail/SmtpOptions.cs': SMTP(''),
    'src/Acme.Core/Mail/TlsOptions.cs': 'namespace Acme.Core.Mail;\n\npublic sealed class TlsOptions\n{\n    public bool UseStartTls { get; set; }\n}\n',
    'src/Acme.Api/Models/SearchOptions.cs': DTO(''),
    'src/Acme.Domain/UserSettings.cs': ENTITY(''),
  });
  let report: Report | null = null;
  const impact = async (p: string): Promise<Impact | undefined> => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' })).impacts.find((i) => i.path === p);

  it('properties removed from the options class need a note naming them', async () => {
    const i = await impact('src/Acme.Core/ClusterNodeOptions.cs');
    assert.equal(i?.rule, 'generic.setting-removed');
    assert.equal(i?.requiresNote, true);
    assert.deepEqual(i!.findings.map((f) => f.subject).sort(), ['CommitCount', 'PrepareCount']);
  });

  it('decoy: a property removed from a class that is no options module', async () => {
    const i = await impact('src/Acme.Core/Services/StreamService.cs');
    assert.ok(!i || !i.requiresNote, JSON.stringify(i));
  });

  it('a property removed from a class the host binds to configuration (Configure<SmtpOptions>) needs a note', async () => {
    const i = await impact('src/Acme.Core/Mail/SmtpOptions.cs');
    assert.equal(i?.rule, 'generic.setting-removed');
    assert.deepEqual(i!.findings.map((f) => f.subject), ['RetryCount']);
  });

  it('decoys (review11 F1): a request DTO and a domain entity named *Options / *Settings, bound to no configuration', async () => {
    for (const p of ['src/Acme.Api/Models/SearchOptions.cs', 'src/Acme.Domain/UserSettings.cs']) {
      const i = await impact(p);
      assert.ok(!i || !i.requiresNote, `${p}: ${JSON.stringify(i)}`);
    }
  });
});

describe('a config schema: required inside one branch of oneOf / anyOf is not required for everyone', () => {
  const tokenFrom = (branches: string[]) => JSON.stringify({
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      token_from: { type: 'object', oneOf: branches.map((b) => ({ required: [b], properties: { [b]: { type: 'string' } } })) },
      jwks_urls: { type: 'array' },
      ...(branches.length > 2 ? { issuer: { type: 'string' } } : {}),
    },
    required: branches.length > 2 ? ['jwks_urls', 'issuer'] : ['jwks_urls'],
  }, null, 2);
  const findings = () => {
    const a = parseConfig('.schemas/config.schema.json', tokenFrom(['header', 'query_parameter']))!;
    const b = parseConfig('.schemas/config.schema.json', tokenFrom(['header', 'query_parameter', 'cookie']))!;
    return configSchemaFindings('.schemas/config.schema.json', a.root, b.root).map((f) => `${f.kind}:${f.subject}:${f.severity}`).sort();
  };

  it('a new branch property is optional; a property required at the top is required', () => {
    assert.deepEqual(findings(), ['config-key-added:issuer:warning', 'config-key-added:token_from.cookie:info']);
  });
});
