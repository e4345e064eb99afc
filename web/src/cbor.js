// A minimal CBOR (RFC 8949) subset: unsigned and negative integers, byte strings, text strings and
// definite-length arrays: exactly what the overlay's messages use (docs/protocol.md). Integers are
// written in their shortest form, as the Java side (Jackson) writes them. Decoding accepts any
// width and indefinite-length arrays (Jackson writes call messages so), refuses other indefinite
// lengths, maps, tags and floats, and never reads past the input.

/** Thrown for any input that is not a message of this subset. */
export class CborError extends Error {}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Writes values: numbers and bigints (integers), Uint8Array, strings, arrays of these. */
export function encode(value) {
  const out = [];
  write(out, value);
  return Uint8Array.from(out);
}

function head(out, major, n) {
  let v = BigInt(n);
  const m = major << 5;
  if (v < 24n) {
    out.push(m | Number(v));
  } else if (v < 0x100n) {
    out.push(m | 24, Number(v));
  } else if (v < 0x10000n) {
    out.push(m | 25, Number(v >> 8n), Number(v & 0xffn));
  } else if (v < 0x100000000n) {
    out.push(m | 26);
    for (let s = 24n; s >= 0n; s -= 8n) out.push(Number((v >> s) & 0xffn));
  } else {
    out.push(m | 27);
    for (let s = 56n; s >= 0n; s -= 8n) out.push(Number((v >> s) & 0xffn));
  }
}

function write(out, value) {
  if (typeof value === 'number' || typeof value === 'bigint') {
    const v = BigInt(value);
    if (v >= 0n) head(out, 0, v);
    else head(out, 1, -1n - v);
  } else if (value instanceof Uint8Array) {
    head(out, 2, value.length);
    for (const b of value) out.push(b);
  } else if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    head(out, 3, bytes.length);
    for (const b of bytes) out.push(b);
  } else if (Array.isArray(value)) {
    head(out, 4, value.length);
    for (const v of value) write(out, v);
  } else {
    throw new CborError('cannot encode ' + typeof value);
  }
}

/**
 * Reads one value that must span all of {@code bytes}. Integers come back as numbers when they
 * are safe integers, else as bigints; byte strings as Uint8Array (copies); arrays nest at most 4
 * deep.
 */
export function decode(bytes) {
  const r = { b: bytes, at: 0 };
  const v = read(r, 0);
  if (r.at !== bytes.length) throw new CborError('trailing bytes');
  return v;
}

function need(r, n) {
  if (n > r.b.length - r.at) throw new CborError('truncated');
}

function readHead(r) {
  need(r, 1);
  const first = r.b[r.at++];
  const major = first >> 5;
  const info = first & 31;
  let n;
  if (info < 24) {
    n = BigInt(info);
  } else if (info <= 27) {
    const len = 1 << (info - 24);
    need(r, len);
    n = 0n;
    for (let i = 0; i < len; i++) n = (n << 8n) | BigInt(r.b[r.at++]);
  } else if (info === 31 && major === 4) {
    n = null; // an indefinite-length array (Jackson writes call messages so): items up to a break
  } else {
    throw new CborError('indefinite or reserved length');
  }
  return { major, n };
}

function read(r, depth) {
  const { major, n } = readHead(r);
  switch (major) {
    case 0:
      return n <= MAX_SAFE ? Number(n) : n;
    case 1: {
      const v = -1n - n;
      return v >= -MAX_SAFE ? Number(v) : v;
    }
    case 2:
    case 3: {
      if (n > BigInt(r.b.length - r.at)) throw new CborError('string runs past the end');
      const len = Number(n);
      const s = r.b.slice(r.at, r.at + len);
      r.at += len;
      if (major === 2) return s;
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(s);
      } catch {
        throw new CborError('text is not UTF-8');
      }
    }
    case 4: {
      if (depth >= 4) throw new CborError('arrays nested too deep');
      if (n === null) {
        const out = [];
        for (;;) {
          need(r, 1);
          if (r.b[r.at] === 0xff) {
            r.at++;
            return out;
          }
          out.push(read(r, depth + 1));
        }
      }
      if (n > BigInt(r.b.length - r.at)) throw new CborError('array longer than the input');
      const out = [];
      for (let i = 0; i < Number(n); i++) out.push(read(r, depth + 1));
      return out;
    }
    default:
      throw new CborError('unsupported CBOR major type ' + major);
  }
}
