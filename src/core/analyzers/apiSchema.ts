import type { Change, Finding } from '../types';
import type { Analyzer } from './analyzer';
import { parseConfig } from './formats/config';
import { effectiveExtension } from './formats/files';
import { parseGraphql, type GqlType } from './formats/graphql';
import { oldToNewLine } from './formats/lines';
import { isReserved, parseProto, type ProtoFile } from './formats/proto';
import { at, child, str, type CNode } from './formats/tree';

/** Findings listed per schema file before the rest is summarised. */
export const MAX_SCHEMA_FINDINGS = 50;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * `schema-breaking-change`: changes that break existing clients of an OpenAPI/Swagger
 * document, a GraphQL SDL schema or a protobuf file. Additive changes give nothing.
 */
export const apiSchemaAnalyzer: Analyzer = {
  id: 'api-schema',
  needsContent: true,
  analyze({ change, oldText, newText }) {
    return schemaFindings(change, oldText, newText);
  },
};

export function schemaFindings(change: Change, oldText: string | null, newText: string | null): Finding[] {
  if (oldText == null) return [];
  const ext = effectiveExtension(change.path);
  const r = new Reporter(change);
  if (newText == null) {
    // A deleted schema file removes everything it defined.
    return [{ kind: 'schema-breaking-change', severity: 'warning', message: 'schema file removed' }];
  }
  if (ext === 'graphql' || ext === 'graphqls' || ext === 'gql') compareGraphql(oldText, newText, r);
  else if (ext === 'proto') compareProto(parseProto(oldText), parseProto(newText), r);
  else {
    const o = parseConfig(change.oldPath ?? change.path, oldText);
    const n = parseConfig(change.path, newText);
    if (!o || !n || o.degraded || n.degraded) return [];
    compareOpenApi(o.root, n.root, r, change.path.slice(change.path.lastIndexOf('/') + 1));
  }
  return r.result();
}

class Reporter {
  readonly findings: Finding[] = [];
  constructor(private readonly change: Change) {}

  /** A breaking change at a new-file line. */
  add(message: string, line: number | undefined, subject?: string): void {
    this.findings.push({ kind: 'schema-breaking-change', severity: 'warning', message, line, subject });
  }

  /** A breaking removal, located where it shows in the new file. */
  removed(message: string, oldLine: number | undefined, subject?: string): void {
    this.add(message, oldLine === undefined ? undefined : oldToNewLine(this.change, oldLine), subject);
  }

  result(): Finding[] {
    const seen = new Set<string>();
    const unique = this.findings.filter((f) => (seen.has(f.message) ? false : (seen.add(f.message), true)));
    unique.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    if (unique.length <= MAX_SCHEMA_FINDINGS) return unique;
    const kept = unique.slice(0, MAX_SCHEMA_FINDINGS - 1);
    kept.push({ kind: 'schema-breaking-change', severity: 'warning', line: unique[MAX_SCHEMA_FINDINGS - 1].line, message: `… and ${unique.length - MAX_SCHEMA_FINDINGS + 1} more breaking changes not listed` });
    return kept;
  }
}

// ——— OpenAPI / Swagger / JSON Schema ———

type Direction = 'request' | 'response' | 'both';

function isOpenApi(root: CNode): boolean {
  return !!(child(root, 'openapi') || child(root, 'swagger') || child(root, 'paths')?.t === 'map');
}

function isJsonSchema(root: CNode): boolean {
  return !!(child(root, '$schema') || child(root, 'properties') || child(root, 'definitions') || child(root, '$defs'));
}

/** `#/components/schemas/Pet` → `Pet` for the doc's schema table. */
function refName(node: CNode | undefined): string | undefined {
  const ref = str(child(node, '$ref'));
  const m = ref && /^#\/(?:components\/schemas|definitions|\$defs)\/(.+)$/.exec(ref);
  return m ? m[1].replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

function schemaTable(root: CNode): CNode | undefined {
  return at(root, 'components', 'schemas') ?? child(root, 'definitions') ?? child(root, '$defs');
}

/** Path template with parameter names blanked, so `/users/{id}` and `/users/{userId}` are one path. */
function pathKey(p: string): string {
  return p.replace(/\{[^}]+\}/g, '{}');
}

/** A split-out path item (`paths/users.yaml` holding `get:`/`post:` operations). */
function isPathItem(root: CNode): boolean {
  return HTTP_METHODS.some((m) => child(child(root, m), 'responses'));
}

function compareOpenApi(o: CNode, n: CNode, r: Reporter, file: string): void {
  if (!isOpenApi(o) && isPathItem(o)) {
    const ctx: SchemaCtx = { oRoot: o, nRoot: n, r, visiting: new Set() };
    for (const m of HTTP_METHODS) {
      const oOp = child(o, m);
      if (!oOp) continue;
      const nOp = child(n, m);
      const label = `${m.toUpperCase()} (${file})`;
      if (!nOp) r.removed(`removes operation ${label}`, oOp.line, label);
      else compareOperation(o, oOp, n, nOp, label, ctx);
    }
    return;
  }
  if (!isOpenApi(o) && !isJsonSchema(o)) return;
  const oSchemas = schemaTable(o);
  const nSchemas = schemaTable(n);
  const ctx: SchemaCtx = { oRoot: o, nRoot: n, r, visiting: new Set() };
  // Component schemas: compared once, with the direction their uses give them.
  const uses = isOpenApi(n) ? schemaUses(n) : null;
  if (oSchemas?.t === 'map' && nSchemas?.t === 'map') {
    for (const [name, os] of oSchemas.entries) {
      const ns = child(nSchemas, name);
      if (!ns) continue; // a schema that nothing uses any more is not itself a break; its uses are
      const dir: Direction = uses ? (uses.request.has(name) ? (uses.response.has(name) ? 'both' : 'request') : uses.response.has(name) ? 'response' : 'both') : 'both';
      compareSchema(os, ns, `schema ${name}`, dir, ctx);
    }
  }
  if (!isOpenApi(o)) {
    if (child(o, 'properties')) compareSchema(o, n, 'schema', 'both', ctx);
    return;
  }
  const oPaths = child(o, 'paths');
  const nPaths = child(n, 'paths');
  if (oPaths?.t !== 'map') return;
  const nByKey = new Map<string, [string, CNode]>();
  if (nPaths?.t === 'map') for (const [p, node] of nPaths.entries) nByKey.set(pathKey(p), [p, node]);
  for (const [p, oItem] of oPaths.entries) {
    const found = nByKey.get(pathKey(p));
    if (!found) {
      r.removed(`removes path ${p}`, oItem.line, p);
      continue;
    }
    const [np, nItem] = found;
    for (const m of HTTP_METHODS) {
      const oOp = child(oItem, m);
      if (!oOp) continue;
      const nOp = child(nItem, m);
      const label = `${m.toUpperCase()} ${np}`;
      if (!nOp) {
        r.removed(`removes operation ${m.toUpperCase()} ${p}`, oOp.line, label);
        continue;
      }
      compareOperation(oItem, oOp, nItem, nOp, label, ctx);
    }
  }
}

interface SchemaCtx {
  oRoot: CNode;
  nRoot: CNode;
  r: Reporter;
  visiting: Set<string>;
}

/** Names of component schemas reachable from requests and from responses. */
function schemaUses(root: CNode): { request: Set<string>; response: Set<string> } {
  const table = schemaTable(root);
  const collect = (node: CNode | undefined, into: Set<string>) => {
    if (!node) return;
    const name = refName(node);
    if (name) {
      if (into.has(name)) return;
      into.add(name);
      collect(child(table, name), into);
      return;
    }
    if (node.t === 'map') for (const [, v] of node.entries) collect(v, into);
    else if (node.t === 'seq') for (const v of node.items) collect(v, into);
  };
  const request = new Set<string>();
  const response = new Set<string>();
  const paths = child(root, 'paths');
  if (paths?.t === 'map') {
    for (const [, item] of paths.entries) {
      collect(child(item, 'parameters'), request);
      for (const m of HTTP_METHODS) {
        const op = child(item, m);
        if (!op) continue;
        collect(child(op, 'parameters'), request);
        collect(child(op, 'requestBody'), request);
        collect(child(op, 'responses'), response);
      }
    }
  }
  return { request, response };
}

/** Resolves a local `$ref` (parameters, request bodies, responses, schemas). */
function deref(root: CNode, node: CNode | undefined): CNode | undefined {
  for (let i = 0; i < 10 && node; i++) {
    const ref = str(child(node, '$ref'));
    if (!ref || !ref.startsWith('#/')) return node;
    node = at(root, ...ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')));
  }
  return node;
}

function params(root: CNode, item: CNode, op: CNode): Map<string, CNode> {
  const out = new Map<string, CNode>();
  for (const list of [child(item, 'parameters'), child(op, 'parameters')]) {
    if (list?.t !== 'seq') continue;
    for (const raw of list.items) {
      const p = deref(root, raw);
      const name = str(child(p, 'name'));
      const where = str(child(p, 'in'));
      if (p && name && where) out.set(`${where}:${where === 'header' ? name.toLowerCase() : name}`, { ...p, line: raw.line } as CNode);
    }
  }
  return out;
}

function paramType(p: CNode): string | undefined {
  return typeOf(child(p, 'schema')) ?? str(child(p, 'type'));
}

function typeOf(schema: CNode | undefined): string | undefined {
  const t = child(schema, 'type');
  if (!t) return undefined;
  if (t.t === 'seq') return t.items.map((i) => str(i)).filter((s) => s !== 'null').sort().join('|');
  return str(t);
}

function compareOperation(oItem: CNode, oOp: CNode, nItem: CNode, nOp: CNode, label: string, ctx: SchemaCtx): void {
  const { r } = ctx;
  const oParams = params(ctx.oRoot, oItem, oOp);
  const nParams = params(ctx.nRoot, nItem, nOp);
  for (const [key, np] of nParams) {
    const [where, name] = key.split(/:(.*)/s);
    if (where === 'path') continue;
    const required = str(child(np, 'required')) === 'true';
    const op = oParams.get(key);
    if (!op) {
      if (required) r.add(`${label}: adds required ${where} parameter ${name}`, np.line, label);
      continue;
    }
    if (required && str(child(op, 'required')) !== 'true') r.add(`${label}: ${where} parameter ${name} is now required`, np.line, label);
    const ot = paramType(op);
    const nt = paramType(np);
    if (ot && nt && ot !== nt) r.add(`${label}: ${where} parameter ${name} type ${ot} → ${nt}`, np.line, label);
    if (where === 'body') compareSchema(child(op, 'schema'), child(np, 'schema'), `${label} request body`, 'request', ctx);
  }
  // Request body (OpenAPI 3).
  const oBody = deref(ctx.oRoot, child(oOp, 'requestBody'));
  const nBody = deref(ctx.nRoot, child(nOp, 'requestBody'));
  if (nBody && str(child(nBody, 'required')) === 'true' && (!oBody || str(child(oBody, 'required')) !== 'true')) {
    r.add(`${label}: request body is now required`, nBody.line, label);
  }
  if (oBody && nBody) compareContent(child(oBody, 'content'), child(nBody, 'content'), `${label} request body`, 'request', ctx);
  // Responses.
  const oResp = child(oOp, 'responses');
  const nResp = child(nOp, 'responses');
  if (oResp?.t === 'map' && nResp?.t === 'map') {
    for (const [code, oR] of oResp.entries) {
      const nR = child(nResp, code);
      if (!nR) {
        if (/^2\d\d$|^2XX$/i.test(code)) r.removed(`${label}: removes ${code} response`, oR.line, label);
        continue;
      }
      const oRd = deref(ctx.oRoot, oR);
      const nRd = deref(ctx.nRoot, nR);
      if (child(oRd, 'schema') || child(nRd, 'schema')) compareSchema(child(oRd, 'schema'), child(nRd, 'schema'), `${label} ${code} response`, 'response', ctx);
      compareContent(child(oRd, 'content'), child(nRd, 'content'), `${label} ${code} response`, 'response', ctx);
    }
  }
}

function compareContent(o: CNode | undefined, n: CNode | undefined, where: string, dir: Direction, ctx: SchemaCtx): void {
  if (o?.t !== 'map' || n?.t !== 'map') return;
  for (const [type, oc] of o.entries) {
    const nc = child(n, type);
    if (!nc) continue;
    compareSchema(child(oc, 'schema'), child(nc, 'schema'), where, dir, ctx);
  }
}

function requiredSet(schema: CNode | undefined): Set<string> {
  const req = child(schema, 'required');
  return new Set(req?.t === 'seq' ? req.items.map((i) => str(i)).filter((s): s is string => !!s) : []);
}

function compareSchema(oRaw: CNode | undefined, nRaw: CNode | undefined, where: string, dir: Direction, ctx: SchemaCtx, depth = 0): void {
  if (!oRaw || !nRaw || depth > 12) return;
  const oRef = refName(oRaw);
  const nRef = refName(nRaw);
  // Same named component on both sides: compared once with the components.
  if (oRef && oRef === nRef) return;
  const key = `${oRef ?? ''}>${nRef ?? ''}>${where}`;
  if (ctx.visiting.has(key)) return;
  ctx.visiting.add(key);
  const o = deref(ctx.oRoot, oRaw);
  const n = deref(ctx.nRoot, nRaw);
  if (!o || !n) return;
  const line = nRaw.line;
  const ot = typeOf(o);
  const nt = typeOf(n);
  if (ot && nt && ot !== nt) {
    ctx.r.add(`${where}: type ${ot} → ${nt}`, line);
    return;
  }
  const oEnum = child(o, 'enum');
  const nEnum = child(n, 'enum');
  if (oEnum?.t === 'seq' && nEnum?.t === 'seq' && dir !== 'response') {
    const nv = new Set(nEnum.items.map((i) => str(i)));
    const gone = oEnum.items.map((i) => str(i)).filter((v) => v !== undefined && !nv.has(v));
    if (gone.length) ctx.r.add(`${where}: enum value${gone.length > 1 ? 's' : ''} ${gone.join(', ')} removed`, nEnum.line);
  }
  const oProps = child(o, 'properties');
  const nProps = child(n, 'properties');
  const oReq = requiredSet(o);
  const nReq = requiredSet(n);
  if (oProps?.t === 'map') {
    for (const [name, op] of oProps.entries) {
      const np = child(nProps, name);
      if (!np) {
        // Removing an optional request field lets old clients send a field the server ignores; required ones break them.
        if (dir !== 'request' || oReq.has(name)) ctx.r.removed(`${where}: property ${name} removed`, op.line);
        continue;
      }
      compareSchema(op, np, `${where}.${name}`, dir, ctx, depth + 1);
    }
  }
  if (dir !== 'response') {
    for (const name of nReq) {
      if (oReq.has(name)) continue;
      const np = child(nProps, name);
      if (child(oProps, name)) ctx.r.add(`${where}: property ${name} is now required`, np?.line ?? line);
      else if (np && !child(np, 'default')) ctx.r.add(`${where}: adds required property ${name}`, np.line);
    }
  }
  if (dir !== 'request') {
    for (const name of oReq) if (!nReq.has(name) && child(nProps, name)) ctx.r.add(`${where}: property ${name} is no longer required (clients may not get it)`, child(nProps, name)!.line);
  }
  compareSchema(child(o, 'items'), child(n, 'items'), `${where}[]`, dir, ctx, depth + 1);
}

// ——— GraphQL ———

/** `[String!]!` → `[String!]` etc: true when `to` only adds non-null markers to `from` (safe for outputs). */
function onlyAddsNonNull(from: string, to: string): boolean {
  if (from === to) return true;
  if (to === `${from}!`) return true;
  const strip = (s: string) => s.replace(/!/g, '');
  if (strip(from) !== strip(to)) return false;
  // Every '!' in `from` must still be there.
  let i = 0;
  for (const c of to) {
    if (c === from[i]) i++;
    else if (c !== '!') return false;
  }
  return i === from.length;
}

function compareGraphql(oldText: string, newText: string, r: Reporter): void {
  const o = parseGraphql(oldText);
  const n = parseGraphql(newText);
  if (!o || !n) return;
  for (const [name, ot] of o) {
    const nt = n.get(name);
    if (!nt) {
      r.removed(`removes ${ot.kind} ${name}`, ot.line, name);
      continue;
    }
    if (nt.kind !== ot.kind) {
      r.add(`${name}: ${ot.kind} → ${nt.kind}`, nt.line, name);
      continue;
    }
    compareGqlType(ot, nt, r);
  }
}

function compareGqlType(ot: GqlType, nt: GqlType, r: Reporter): void {
  const name = ot.name;
  if (ot.kind === 'enum' || ot.kind === 'union') {
    for (const [m, line] of ot.members) if (!nt.members.has(m)) r.removed(`${name}: removes ${ot.kind === 'enum' ? 'enum value' : 'union member'} ${m}`, line, name);
    return;
  }
  const input = ot.kind === 'input';
  for (const [fname, of] of ot.fields) {
    const nf = nt.fields.get(fname);
    if (!nf) {
      r.removed(`${name}.${fname} removed`, of.line, `${name}.${fname}`);
      continue;
    }
    // Outputs may become stricter (non-null); inputs may become looser.
    const safe = input ? onlyAddsNonNull(nf.type, of.type) : onlyAddsNonNull(of.type, nf.type);
    if (!safe) r.add(`${name}.${fname}: type ${of.type} → ${nf.type}`, nf.line, `${name}.${fname}`);
    for (const [aname, oa] of of.args) {
      const na = nf.args.get(aname);
      if (!na) r.removed(`${name}.${fname}: argument ${aname} removed`, oa.line, `${name}.${fname}`);
      else if (!onlyAddsNonNull(na.type, oa.type)) r.add(`${name}.${fname}: argument ${aname} type ${oa.type} → ${na.type}`, na.line, `${name}.${fname}`);
    }
    for (const [aname, na] of nf.args) {
      if (!of.args.has(aname) && na.type.endsWith('!') && !na.hasDefault) r.add(`${name}.${fname}: adds required argument ${aname}: ${na.type}`, na.line, `${name}.${fname}`);
    }
  }
  if (input) {
    for (const [fname, nf] of nt.fields) {
      if (!ot.fields.has(fname) && nf.type.endsWith('!') && !nf.hasDefault) r.add(`${name}: adds required input field ${fname}: ${nf.type}`, nf.line, `${name}.${fname}`);
    }
  }
}

// ——— Protobuf ———

/**
 * A field type for comparison: proto3 `optional` only adds presence tracking (same wire
 * format), and `pkg.Foo` / `.pkg.Foo` / `Foo` name the same message from one file.
 */
function protoType(t: string): string {
  return t.replace(/^optional\s+/, '').replace(/(^|[\s<,])\.?(?:[\w]+\.)+(?=\w)/g, '$1');
}

function compareProto(o: ProtoFile, n: ProtoFile, r: Reporter): void {
  if (o.package !== n.package && o.package && n.package) r.add(`package ${o.package} → ${n.package}`, n.packageLine);
  // A nested type removed with its parent is part of that one removal.
  const parentGone = (name: string) => {
    const dot = name.lastIndexOf('.');
    return dot > 0 && o.messages.has(name.slice(0, dot)) && !n.messages.has(name.slice(0, dot));
  };
  for (const [name, om] of o.messages) {
    const nm = n.messages.get(name);
    if (!nm) {
      if (!parentGone(name)) r.removed(`removes message ${name}`, om.line, name);
      continue;
    }
    const byNumber = new Map(nm.fields.map((f) => [f.number, f] as const));
    const byName = new Map(nm.fields.map((f) => [f.name, f] as const));
    for (const of of om.fields) {
      const nf = byNumber.get(of.number);
      if (!nf) {
        const moved = byName.get(of.name);
        if (moved) r.add(`${name}.${of.name}: field number ${of.number} → ${moved.number}`, moved.line, name);
        else r.removed(`${name}: removes field ${of.name} = ${of.number}${isReserved(nm.reservedNumbers, of.number) ? '' : ' (number not reserved)'}`, of.line, name);
        continue;
      }
      if (nf.name !== of.name) r.add(`${name}: field ${of.number} renamed ${of.name} → ${nf.name} (breaks JSON and generated code)`, nf.line, name);
      if (protoType(nf.type) !== protoType(of.type)) r.add(`${name}.${nf.name}: type ${of.type} → ${nf.type}`, nf.line, name);
    }
    for (const nf of nm.fields) {
      if (isReserved(nm.reservedNumbers, nf.number) || isReserved(om.reservedNumbers, nf.number)) r.add(`${name}.${nf.name} uses reserved field number ${nf.number}`, nf.line, name);
      else if (nm.reservedNames.has(nf.name) || om.reservedNames.has(nf.name)) r.add(`${name}.${nf.name} uses a reserved field name`, nf.line, name);
    }
  }
  for (const [name, oe] of o.enums) {
    const ne = n.enums.get(name);
    if (!ne) {
      if (!parentGone(name)) r.removed(`removes enum ${name}`, oe.line, name);
      continue;
    }
    for (const [num, ov] of oe.values) {
      const nv = ne.values.get(num);
      if (!nv) r.removed(`${name}: removes enum value ${ov.name} = ${num}`, ov.line, name);
      else if (nv.name !== ov.name) r.add(`${name}: enum value ${num} renamed ${ov.name} → ${nv.name}`, nv.line, name);
    }
  }
  for (const [sname, os] of o.services) {
    const ns = n.services.get(sname);
    if (!ns) {
      r.removed(`removes service ${sname}`, os.line, sname);
      continue;
    }
    for (const [rname, orpc] of os.rpcs) {
      const nrpc = ns.rpcs.get(rname);
      if (!nrpc) r.removed(`${sname}: removes rpc ${rname}`, orpc.line, `${sname}.${rname}`);
      else if (nrpc.request !== orpc.request || nrpc.response !== orpc.response) {
        r.add(`${sname}.${rname}: signature (${orpc.request}) → (${orpc.response}) changed to (${nrpc.request}) → (${nrpc.response})`, nrpc.line, `${sname}.${rname}`);
      }
    }
  }
}
