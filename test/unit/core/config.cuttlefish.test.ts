/**
 * Erlang cuttlefish schemas (`priv/schema/*.schema`: RabbitMQ and its plugins, EMQX 4, VerneMQ,
 * Riak) define every key the `.conf` file may set; cuttlefish refuses a `.conf` that sets a key
 * no mapping defines. A mapping removed is a config action that needs a note; a mapping added and
 * a comment reworded are not; a `.schema` file without mappings is no cuttlefish schema.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

const mapping = (key: string, target: string) => `{mapping, "${key}", "${target}", [\n    {datatype, [integer]},\n    {validators, ["non_zero_positive_integer"]}\n]}.\n\n`;
const SCHEMA = [
  '%% -*- mode: erlang -*-',
  '%% Classic config-driven peer discuvery backend.',
  '',
  mapping('listeners.tcp.default', 'rabbit.tcp_listeners'),
  mapping('inet_dist_listen_min', 'kernel.inet_dist_listen_min'),
  mapping('inet_dist_listen_max', 'kernel.inet_dist_listen_max'),
  '{translation, "rabbit.tcp_listeners",\nfun(Conf) ->\n    cuttlefish:conf_get("listeners.tcp.default", Conf)\nend}.\n',
].join('\n');

describe('cuttlefish schemas: the keys a .conf may set', () => {
  const repo = new TestRepo('cuttlefish');
  after(() => repo.dispose());
  repo.commit('init', {
    'priv/schema/rabbit.schema': SCHEMA,
    'deps/rabbitmq_management/priv/schema/rabbitmq_management.schema': mapping('management.listener.port', 'rabbitmq_management.listener.port'),
    'priv/queries.schema': 'queue: name, durable\nexchange: name, type\n',
  });
  repo.checkout('feature', true);
  repo.commit('remove inet_dist_listen_* from new style config; add a management key; reword a comment', {
    'priv/schema/rabbit.schema': SCHEMA.replace(mapping('inet_dist_listen_min', 'kernel.inet_dist_listen_min'), '').replace(mapping('inet_dist_listen_max', 'kernel.inet_dist_listen_max'), ''),
    'deps/rabbitmq_management/priv/schema/rabbitmq_management.schema': `%% Reworded.\n${mapping('management.listener.port', 'rabbitmq_management.listener.port')}${mapping('management.listener.ip', 'rabbitmq_management.listener.ip')}`,
    'priv/queries.schema': 'queue: name\nexchange: name, type\n',
  });

  it('a removed mapping needs a note naming the key; an added one and a non-cuttlefish .schema do not', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const rabbit = report.impacts.find((i) => i.path === 'priv/schema/rabbit.schema');
    assert.ok(rabbit, JSON.stringify(report.impacts.map((i) => i.path)));
    assert.equal(rabbit.category, 'config');
    assert.equal(rabbit.requiresNote, true);
    assert.deepEqual(rabbit.findings.map((f) => `${f.kind}:${f.subject}:${f.severity}`), ['config-key-removed:inet_dist_listen_min:warning', 'config-key-removed:inet_dist_listen_max:warning']);
    assert.equal(rabbit.findings[0].message, 'setting `inet_dist_listen_min` is no longer defined by the config schema `priv/schema/rabbit.schema`: a deployed config that sets it is refused or ignored — rename or remove it there');
    const mgmt = report.impacts.find((i) => i.path === 'deps/rabbitmq_management/priv/schema/rabbitmq_management.schema');
    assert.equal(mgmt?.requiresNote ?? false, false);
    if (mgmt) assert.deepEqual(mgmt.findings.map((f) => `${f.kind}:${f.subject}:${f.severity}`), ['config-key-added:management.listener.ip:info']);
    assert.equal(report.impacts.some((i) => i.path === 'priv/queries.schema' && i.requiresNote), false);
  });
});
