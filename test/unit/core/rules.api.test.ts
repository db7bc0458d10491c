import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { expectImpactAt } from '../../helpers/impacts';

const OPENAPI = (paths: string) => `openapi: 3.0.3\ninfo:\n  title: Shop\n  version: 1.0.0\npaths:\n${paths}`;
const ORDERS = '  /orders:\n    get:\n      responses:\n        "200":\n          description: ok\n';
const COUPONS = '  /coupons:\n    get:\n      responses:\n        "200":\n          description: ok\n';
const PROTO = (fields: string) => `syntax = "proto3";\npackage shop.v1;\n\nmessage Order {\n  string id = 1;\n${fields}}\n`;

describe('API schema rules on a real repository (review mode)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# shop\n',
      'api/openapi.yaml': OPENAPI(ORDERS + COUPONS),
      'proto/shop/v1/order.proto': PROTO('  int64 total = 2;\n'),
      'schema.graphql': 'type Order {\n  id: ID!\n  total: Int\n}\n',
      'web/src/queries/order.graphql': 'query Order($id: ID!) {\n  order(id: $id) { id total }\n}\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'api/openapi.yaml': OPENAPI(ORDERS),
      'docs/api/public.yaml': 'openapi: 3.1.0\ninfo:\n  title: Partner feed\n  version: 2.0.0\nservers:\n  - url: https://feed.example.com\npaths:\n  /products/{sku}:\n    parameters:\n      - name: sku\n        in: path\n        required: true\n        schema:\n          type: string\n    get:\n      summary: One product of the feed\n      responses:\n        "404":\n          description: unknown SKU\n',
      'proto/shop/v1/order.proto': PROTO(''),
      'schema.graphql': 'type Order {\n  id: ID!\n  total: Int\n  note: String\n}\n',
      'web/src/queries/order.graphql': 'query Order($id: ID!) {\n  order(id: $id) { id }\n}\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a removed OpenAPI path needs a note', () => {
    const i = expectImpactAt(report, 'api/openapi.yaml');
    assert.equal(i.category, 'api');
    assert.equal(i.rule, 'openapi.spec');
    assert.equal(i.requiresNote, true);
    assert.ok(i.findings.some((f) => f.kind === 'schema-breaking-change'));
    assert.ok(i.checklist?.some((s) => s.phase === 'Before deploy'));
  });

  it('a new document under docs/ with another name is found by its content, and is listed only', () => {
    const i = expectImpactAt(report, 'docs/api/public.yaml');
    assert.equal(i.rule, 'openapi.spec-content');
    assert.equal(i.status, 'added');
    assert.equal(i.requiresNote, false);
  });

  it('a removed protobuf field needs a note; an added GraphQL field does not', () => {
    const proto = expectImpactAt(report, 'proto/shop/v1/order.proto');
    assert.equal(proto.rule, 'protobuf.schema');
    assert.equal(proto.requiresNote, true);
    const gql = expectImpactAt(report, 'schema.graphql');
    assert.equal(gql.rule, 'graphql.schema');
    assert.equal(gql.requiresNote, false);
  });

  it('a client-side GraphQL query is not an API schema', () => {
    assert.ok(!report.impacts.some((x) => x.path === 'web/src/queries/order.graphql'));
  });
});

describe('API schema rules in working mode (uncommitted changes)', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());

  it('an edited OpenAPI document and a new proto file', async () => {
    repo.commit('init', { 'README.md': '# shop\n', 'openapi.json': `${JSON.stringify({ openapi: '3.1.0', info: { title: 'Shop', version: '1' }, paths: { '/orders': { get: { responses: { 200: { description: 'ok' } } } } } }, null, 2)}\n` });
    repo.write({
      'openapi.json': `${JSON.stringify({ openapi: '3.1.0', info: { title: 'Shop', version: '1' }, paths: {} }, null, 2)}\n`,
      'proto/shop/v1/coupon.proto': 'syntax = "proto3";\npackage shop.v1;\n\nmessage Coupon {\n  string code = 1;\n}\n',
    });
    const report = await analyze({ repo: repo.dir, base: 'main' });
    const spec = expectImpactAt(report, 'openapi.json');
    assert.equal(spec.rule, 'openapi.spec');
    assert.equal(spec.requiresNote, true);
    const proto = expectImpactAt(report, 'proto/shop/v1/coupon.proto');
    assert.equal(proto.status, 'added');
    assert.equal(proto.requiresNote, false);
  });
});
