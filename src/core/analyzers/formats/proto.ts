/**
 * A small protobuf (proto2/proto3) reader: messages (nested), fields with numbers and
 * types, oneofs, maps, reserved ranges and names, enums and services, each with its line.
 */

export interface ProtoField {
  name: string;
  number: number;
  /** Label + type as written: `repeated string`, `map<string,int32>`, `optional Foo`. */
  type: string;
  line: number;
}

export interface ProtoMessage {
  /** Fully qualified within the file: `Outer.Inner`. */
  name: string;
  line: number;
  fields: ProtoField[];
  reservedNumbers: [number, number][];
  reservedNames: Set<string>;
}

export interface ProtoEnum {
  name: string;
  line: number;
  values: Map<number, { name: string; line: number }>;
  reservedNumbers: [number, number][];
}

export interface ProtoRpc {
  name: string;
  request: string;
  response: string;
  line: number;
}

export interface ProtoFile {
  package: string | null;
  packageLine: number;
  messages: Map<string, ProtoMessage>;
  enums: Map<string, ProtoEnum>;
  services: Map<string, { line: number; rpcs: Map<string, ProtoRpc> }>;
}

interface Tok {
  v: string;
  line: number;
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (src.startsWith('//', i)) while (i < src.length && src[i] !== '\n') i++;
    else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (let k = i; k < stop; k++) if (src[k] === '\n') line++;
      i = stop;
    } else if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < src.length && src[k] !== c && src[k] !== '\n') k += src[k] === '\\' ? 2 : 1;
      toks.push({ v: src.slice(i, k + 1), line });
      i = k + 1;
    } else if (/[A-Za-z0-9_.]/.test(c)) {
      let k = i + 1;
      while (k < src.length && /[A-Za-z0-9_.]/.test(src[k])) k++;
      toks.push({ v: src.slice(i, k), line });
      i = k;
    } else {
      toks.push({ v: c, line });
      i++;
    }
  }
  return toks;
}

const LABELS = new Set(['repeated', 'optional', 'required']);

export function parseProto(src: string): ProtoFile {
  const t = tokenize(src);
  const file: ProtoFile = { package: null, packageLine: 1, messages: new Map(), enums: new Map(), services: new Map() };
  let p = 0;
  const peek = (o = 0) => t[p + o]?.v;
  const skipStatement = () => {
    let depth = 0;
    while (p < t.length) {
      const v = t[p++].v;
      if (v === '{') depth++;
      else if (v === '}') {
        depth--;
        if (depth <= 0) return;
      } else if (v === ';' && depth === 0) return;
    }
  };
  const skipBracketOptions = () => {
    if (peek() !== '[') return;
    let depth = 0;
    do {
      if (peek() === '[') depth++;
      else if (peek() === ']') depth--;
      p++;
    } while (p < t.length && depth > 0);
  };
  const readReserved = (numbers: [number, number][], names: Set<string> | null) => {
    p++; // reserved
    while (p < t.length && peek() !== ';') {
      const v = peek()!;
      if (/^["']/.test(v)) names?.add(v.slice(1, -1));
      else if (/^\d+$/.test(v)) {
        const from = Number(v);
        if (peek(1) === 'to') {
          const to = peek(2) === 'max' ? 536870911 : Number(peek(2));
          numbers.push([from, to]);
          p += 2;
        } else numbers.push([from, from]);
      } else if (/^[A-Za-z_]\w*$/.test(v)) names?.add(v); // edition 2023 bare names
      p++;
    }
    p++;
  };
  const parseEnum = (prefix: string) => {
    p++;
    const nameTok = t[p++];
    const e: ProtoEnum = { name: prefix + nameTok.v, line: nameTok.line, values: new Map(), reservedNumbers: [] };
    file.enums.set(e.name, e);
    p++; // {
    while (p < t.length && peek() !== '}') {
      if (peek() === 'option') skipStatement();
      else if (peek() === 'reserved') readReserved(e.reservedNumbers, null);
      else if (peek() === ';') p++;
      else if (peek(1) === '=') {
        const n = t[p];
        const num = Number(peek(2) === '-' ? `-${peek(3)}` : peek(2));
        if (!e.values.has(num)) e.values.set(num, { name: n.v, line: n.line });
        skipStatement();
      } else skipStatement();
    }
    p++;
  };
  const parseMessage = (prefix: string) => {
    p++;
    const nameTok = t[p++];
    const m: ProtoMessage = { name: prefix + nameTok.v, line: nameTok.line, fields: [], reservedNumbers: [], reservedNames: new Set() };
    file.messages.set(m.name, m);
    p++; // {
    body(m);
    p++; // }
  };
  const body = (m: ProtoMessage) => {
    while (p < t.length && peek() !== '}') {
      const v = peek();
      if (v === 'message') parseMessage(`${m.name}.`);
      else if (v === 'enum') parseEnum(`${m.name}.`);
      else if (v === 'reserved') readReserved(m.reservedNumbers, m.reservedNames);
      else if (v === 'option' || v === 'extensions' || v === 'extend') skipStatement();
      else if (v === ';') p++;
      else if (v === 'oneof') {
        p += 2;
        p++; // {
        body(m);
        p++; // }
      } else if (v === 'map' && peek(1) === '<') {
        const start = t[p];
        let type = '';
        while (p < t.length && peek() !== '>') type += t[p++].v;
        type += t[p++].v;
        const name = t[p++];
        p++; // =
        m.fields.push({ name: name?.v ?? '', number: Number(peek()), type, line: start.line });
        skipStatement();
      } else if (v === 'group') skipStatement();
      else {
        const start = t[p];
        let label = '';
        if (LABELS.has(v!)) {
          label = `${v} `;
          p++;
        }
        const type = t[p++]?.v;
        const name = t[p++]?.v;
        if (peek() === '=' && type && name) {
          p++;
          const num = Number(peek());
          p++;
          skipBracketOptions();
          m.fields.push({ name, number: num, type: label + type.replace(/^\./, ''), line: start.line });
          if (peek() === ';') p++;
        } else skipStatement();
      }
    }
  };
  while (p < t.length) {
    const v = peek();
    if (v === 'package') {
      file.package = t[p + 1]?.v ?? null;
      file.packageLine = t[p].line;
      skipStatement();
    } else if (v === 'message') parseMessage('');
    else if (v === 'enum') parseEnum('');
    else if (v === 'service') {
      p++;
      const nameTok = t[p++];
      const svc = { line: nameTok.line, rpcs: new Map<string, ProtoRpc>() };
      file.services.set(nameTok.v, svc);
      p++; // {
      while (p < t.length && peek() !== '}') {
        if (peek() === 'rpc') {
          const line = t[p].line;
          p++;
          const name = t[p++].v;
          const sig: string[] = [];
          while (p < t.length && peek() !== '{' && peek() !== ';') sig.push(t[p++].v);
          const m = /^\((stream\s)?([\w.]+)\)returns\((stream\s)?([\w.]+)\)$/.exec(sig.join(' ').replace(/\s*([()])\s*/g, '$1').replace(/\breturns\b\s*/, 'returns'));
          svc.rpcs.set(name, { name, request: m ? `${m[1] ?? ''}${m[2]}`.trim() : sig.join(' '), response: m ? `${m[3] ?? ''}${m[4]}`.trim() : '', line });
          if (peek() === '{') skipStatement();
          else p++;
        } else skipStatement();
      }
      p++;
    } else skipStatement();
  }
  return file;
}

export function isReserved(ranges: [number, number][], n: number): boolean {
  return ranges.some(([a, b]) => n >= a && n <= b);
}
