import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiSchemaAnalyzer } from '../../../src/core/analyzers/apiSchema';
import { parseGraphql } from '../../../src/core/analyzers/formats/graphql';
import { parseProto } from '../../../src/core/analyzers/formats/proto';
import { input } from './analyzers.helpers';

const brief = (path: string, oldText: string | null, newText: string | null) =>
  apiSchemaAnalyzer.analyze(input(path, oldText, newText, 'api-schema')).map((f) => `${f.line ?? '-'} ${f.message}`);

const OPENAPI = `openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
    delete:
      responses:
        '204':
          description: gone
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/NewPet'
      responses:
        '201':
          description: created
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name:
          type: string
        age:
          type: integer
        tag:
          type: string
    NewPet:
      type: object
      properties:
        name:
          type: string
        kind:
          type: string
          enum: [cat, dog, bird]
`;

describe('api-schema: OpenAPI', () => {
  it('removed operation, renamed path parameter, new required query parameter', () => {
    const neu = OPENAPI.replace("    delete:\n      responses:\n        '204':\n          description: gone\n", '')
      .replace('/pets/{id}', '/pets/{petId}')
      .replace('        - name: id\n', '        - name: limit\n          in: query\n          required: true\n          schema:\n            type: integer\n        - name: petId\n');
    assert.deepEqual(brief('api/openapi.yaml', OPENAPI, neu), ['9 GET /pets/{petId}: adds required query parameter limit', '25 removes operation DELETE /pets/{id}']);
  });

  it('response property removed or retyped; request enum value removed; request property made required', () => {
    const neu = OPENAPI.replace('        tag:\n          type: string\n', '')
      .replace('        age:\n          type: integer', '        age:\n          type: string')
      .replace('enum: [cat, dog, bird]', 'enum: [cat, dog]')
      .replace('    NewPet:\n      type: object\n', '    NewPet:\n      type: object\n      required: [kind]\n');
    assert.deepEqual(brief('api/openapi.yaml', OPENAPI, neu), [
      '43 schema Pet.age: type integer → string',
      '43 schema Pet: property tag removed',
      '51 schema NewPet: property kind is now required',
      '53 schema NewPet.kind: enum value bird removed',
    ]);
  });

  it('a whole path removed is one finding', () => {
    const neu = OPENAPI.replace(/  \/pets:\n[\s\S]*?(?=components:)/, '');
    assert.deepEqual(brief('api/openapi.yaml', OPENAPI, neu), ['24 removes path /pets']);
  });

  it('Swagger 2 JSON: body parameter property removed from a definition', () => {
    const doc = (extra: string) => JSON.stringify({ swagger: '2.0', paths: { '/u': { get: { responses: { 200: { schema: { $ref: '#/definitions/U' } } } } } }, definitions: { U: { type: 'object', properties: { id: { type: 'string' }, ...(extra ? { [extra]: { type: 'string' } } : {}) } } } }, null, 2);
    assert.deepEqual(brief('swagger.json', doc('email'), doc('')).map((s) => s.replace(/^\d+ /, '')), ['schema U: property email removed']);
  });

  it('additive changes and reformatting give nothing', () => {
    const additive = OPENAPI.replace('        tag:\n          type: string\n', '        tag:\n          type: string\n        color:\n          type: string\n')
      .replace('enum: [cat, dog, bird]', 'enum: [cat, dog, bird, fish]')
      .replace('  /pets:\n', '  /owners:\n    get:\n      responses:\n        \'200\':\n          description: ok\n  /pets:\n');
    assert.deepEqual(brief('api/openapi.yaml', OPENAPI, additive), []);
    assert.deepEqual(brief('api/openapi.yaml', OPENAPI, `# Pets API\n${OPENAPI}`), []);
  });

  it('a split-out path item file', () => {
    const item = (required: string) => `get:\n  parameters:\n    - name: q\n      in: query\n      required: ${required}\n      schema:\n        type: string\n  responses:\n    '200':\n      description: ok\ndelete:\n  responses:\n    '204':\n      description: gone\n`;
    assert.deepEqual(brief('api/paths/users.yaml', item('false'), item('true').replace(/delete:[\s\S]*$/, '')), ['3 GET (users.yaml): query parameter q is now required', '10 removes operation DELETE (users.yaml)']);
  });

  it('a YAML file that is not an API document gives nothing', () => {
    assert.deepEqual(brief('api/config.yaml', 'a: 1\nb: 2\n', 'a: 1\n'), []);
  });
});

const SDL = `"""A pet"""
type Pet implements Node & Entity @key(fields: "id") {
  id: ID!
  "the name"
  name: String
  owner(first: Int = 10): Owner
  tags: [String!]
}
enum Color { RED GREEN BLUE }
input PetInput { name: String! }
type Owner { id: ID! }
union SearchResult = Pet | Owner
type Query { pet(id: ID!): Pet }
`;

describe('api-schema: GraphQL', () => {
  it('removed types, fields, enum values and union members; new required arguments and input fields', () => {
    const neu = SDL.replace('  tags: [String!]\n', '')
      .replace('owner(first: Int = 10): Owner', 'owner(first: Int = 10, after: String!): Owner')
      .replace('RED GREEN BLUE', 'RED GREEN')
      .replace('input PetInput { name: String! }', 'input PetInput { name: String!, kind: String! }')
      .replace('union SearchResult = Pet | Owner', 'union SearchResult = Pet')
      .replace('type Owner { id: ID! }\n', 'type Owner { id: ID! }\n'.replace('Owner', 'Person'));
    assert.deepEqual(brief('schema.graphql', SDL, neu), [
      '6 Pet.owner: adds required argument after: String!',
      '6 Pet.tags removed',
      '8 Color: removes enum value BLUE',
      '9 PetInput: adds required input field kind: String!',
      '10 removes type Owner',
      '11 SearchResult: removes union member Owner',
    ]);
  });

  it('a field type change that loosens an output or tightens an input argument breaks; the reverse does not', () => {
    assert.deepEqual(brief('schema.graphql', 'type A { x: String! }\n', 'type A { x: String }\n'), ['1 A.x: type String! → String']);
    assert.deepEqual(brief('schema.graphql', 'type A { x: String }\n', 'type A { x: String! }\n'), []);
    assert.deepEqual(brief('schema.graphql', 'type A { x(a: Int): Int }\n', 'type A { x(a: Int!): Int }\n'), ['1 A.x: argument a type Int → Int!']);
    assert.deepEqual(brief('schema.graphql', 'type A { x(a: Int!): Int }\n', 'type A { x(a: Int): Int }\n'), []);
  });

  it('additions, optional arguments, descriptions and comments give nothing', () => {
    const neu = `# schema\n${SDL.replace('"the name"', '"""The pet\'s name"""').replace('owner(first: Int = 10)', 'owner(first: Int = 10, after: String)')}type Extra { a: Int }\nextend type Query { extra: Extra }\n`;
    assert.deepEqual(brief('schema.graphql', SDL, neu), []);
  });

  it('reads definitions with lines and ignores query documents', () => {
    const t = parseGraphql(SDL)!;
    assert.equal(t.get('Pet')?.fields.get('owner')?.args.get('first')?.hasDefault, true);
    assert.equal(t.get('Color')?.members.get('BLUE'), 9);
    assert.equal(parseGraphql('query Q { pet(id: 1) { name } }'), null);
  });
});

const PROTO = `syntax = "proto3";
package acme.users.v1;

// A user.
message User {
  string id = 1;
  string email = 2;
  int32 age = 3;
  oneof contact {
    string phone = 4;
  }
  message Address { string city = 1; }
}

service Users {
  rpc GetUser(GetUserRequest) returns (User);
  rpc ListUsers(ListUsersRequest) returns (stream User) {}
}

enum Role {
  ROLE_UNSPECIFIED = 0;
  ROLE_ADMIN = 1;
}
`;

describe('api-schema: protobuf', () => {
  it('removed field (reserved or not), type change, removed rpc and enum value', () => {
    const neu = PROTO.replace('  string email = 2;\n', '  reserved 2;\n').replace('int32 age = 3', 'int64 age = 3').replace('  rpc ListUsers(ListUsersRequest) returns (stream User) {}\n', '').replace('  ROLE_ADMIN = 1;\n', '');
    assert.deepEqual(brief('proto/users.proto', PROTO, neu), ['7 User: removes field email = 2', '8 User.age: type int32 → int64', '16 Users: removes rpc ListUsers', '20 Role: removes enum value ROLE_ADMIN = 1']);
    const unreserved = PROTO.replace('  string email = 2;\n', '');
    assert.deepEqual(brief('proto/users.proto', PROTO, unreserved), ['6 User: removes field email = 2 (number not reserved)']);
  });

  it('renumbered fields, renamed fields, reused reserved numbers, streaming changes', () => {
    const neu = PROTO.replace('string email = 2;', 'string email = 5;').replace('int32 age = 3;', 'int32 years = 3;');
    assert.deepEqual(brief('proto/users.proto', PROTO, neu), ['7 User.email: field number 2 → 5', '8 User: field 3 renamed age → years (breaks JSON and generated code)']);
    const reused = PROTO.replace('  string email = 2;\n', '  reserved 2;\n  string mail = 2;\n');
    assert.ok(brief('proto/users.proto', PROTO, reused).some((s) => /uses reserved field number 2/.test(s)));
    const stream = PROTO.replace('returns (User);', 'returns (stream User);');
    assert.deepEqual(brief('proto/users.proto', PROTO, stream), ['16 Users.GetUser: signature (GetUserRequest) → (User) changed to (GetUserRequest) → (stream User)']);
  });

  it('proto3 optional and a package-qualified type name are not type changes', () => {
    assert.deepEqual(brief('proto/users.proto', PROTO, PROTO.replace('string email = 2;', 'optional string email = 2;')), []);
    assert.deepEqual(brief('proto/users.proto', `${PROTO}message W { User u = 1; }\n`, `${PROTO}message W { acme.users.v1.User u = 1; }\n`), []);
    assert.deepEqual(brief('proto/users.proto', `${PROTO}message W { User u = 1; }\n`, `${PROTO}message W { repeated User u = 1; }\n`), ['24 W.u: type User → repeated User']);
  });

  it('new fields, messages, rpcs and comments give nothing', () => {
    const neu = PROTO.replace('  int32 age = 3;\n', '  int32 age = 3; // years\n  string nick = 6;\n').replace('service Users {\n', 'message Extra {}\nservice Users {\n  rpc Ping(Extra) returns (Extra);\n');
    assert.deepEqual(brief('proto/users.proto', PROTO, neu), []);
  });

  it('reads oneof fields, nested messages and reserved ranges', () => {
    const f = parseProto(`${PROTO}message R { reserved 2, 5 to 7; reserved "old"; }\n`);
    assert.deepEqual(f.messages.get('acme.users.v1.User' in Object.fromEntries(f.messages) ? 'acme.users.v1.User' : 'User')?.fields.map((x) => x.name), ['id', 'email', 'age', 'phone']);
    assert.ok(f.messages.has('User.Address'));
    assert.deepEqual(f.messages.get('R')?.reservedNumbers, [[2, 2], [5, 7]]);
    assert.ok(f.messages.get('R')?.reservedNames.has('old'));
  });
});
