/**
 * A linear-time SQL tokenizer for PostgreSQL and MySQL/MariaDB text. It keeps the words, quoted
 * identifiers and punctuation the classifier needs, and only the position of literals (strings,
 * numbers, placeholders): their text is never copied, so it cannot leak into a record by mistake.
 * Every character is looked at a bounded number of times; input past MAX_SQL_CHARS is not read.
 */

export type Dialect = 'postgresql' | 'mysql';

export const enum K {
  /** Unquoted word (keyword or identifier); `v` is the upper-cased text, `raw` as written. */
  Word,
  /** Quoted identifier ("x", `x`, [x]); `v` and `raw` hold the unquoted text. */
  Ident,
  /** String literal; `start`/`end` delimit the content in the source; `v` is ''. */
  Str,
  /** Number literal; `v` is ''. */
  Num,
  /** Bind placeholder: $1, ?, :name, @var; `v` is ''. */
  Param,
  /** One punctuation character: ( ) , ; . * = and operators. */
  Punct,
}

export interface Token {
  k: K;
  v: string;
  raw: string;
  start: number;
  end: number;
}

/** Characters read at most; longer text is classified on its first part and marked truncated. */
export const MAX_SQL_CHARS = 65536;
/** Tokens kept at most (big VALUES lists); the statement head is what matters. */
export const MAX_TOKENS = 4096;

export interface Tokens {
  tokens: Token[];
  truncated: boolean;
}

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}
function isWordChar(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Index just past a quoted run starting at `i` (the opening quote), honouring doubled quotes and, when `bs`, backslashes. */
function skipQuoted(s: string, i: number, n: number, q: number, bs: boolean): number {
  let j = i + 1;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (bs && c === 92) {
      j += 2;
      continue;
    }
    if (c === q) {
      if (j + 1 < n && s.charCodeAt(j + 1) === q) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return n;
}

export function tokenize(sql: string, dialect: Dialect): Tokens {
  const tokens: Token[] = [];
  const n = Math.min(sql.length, MAX_SQL_CHARS);
  let truncated = sql.length > MAX_SQL_CHARS;
  const my = dialect === 'mysql';
  let i = 0;
  /** MySQL `/*! ... *\/`: the content is executed, so it is tokenized; its `*\/` is skipped. */
  let inExecComment = false;
  const push = (k: K, v: string, raw: string, start: number, end: number): boolean => {
    if (tokens.length >= MAX_TOKENS) {
      truncated = true;
      return false;
    }
    tokens.push({ k, v, raw, start, end });
    return true;
  };
  while (i < n) {
    const c = sql.charCodeAt(i);
    // whitespace
    if (c === 32 || (c >= 9 && c <= 13)) {
      i++;
      continue;
    }
    const c1 = i + 1 < n ? sql.charCodeAt(i + 1) : -1;
    // comments: -- (MySQL wants a space after it, but treating it as a comment is the safe side), #, /* */
    if ((c === 45 && c1 === 45) || (my && c === 35)) {
      const e = sql.indexOf('\n', i);
      i = e < 0 || e >= n ? n : e + 1;
      continue;
    }
    if (c === 47 && c1 === 42) {
      if (my && i + 2 < n && (sql.charCodeAt(i + 2) === 33 || sql.charCodeAt(i + 2) === 43)) {
        // executable (/*!50000 ...*/) or optimizer-hint (/*+ ...*/) comment: read what is inside
        i += 3;
        while (i < n && isDigit(sql.charCodeAt(i))) i++;
        inExecComment = true;
        continue;
      }
      // PostgreSQL nests block comments; MySQL does not.
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        const d = sql.charCodeAt(j);
        const d1 = j + 1 < n ? sql.charCodeAt(j + 1) : -1;
        if (d === 42 && d1 === 47) {
          depth--;
          j += 2;
        } else if (!my && d === 47 && d1 === 42) {
          depth++;
          j += 2;
        } else j++;
      }
      i = j;
      continue;
    }
    if (inExecComment && c === 42 && c1 === 47) {
      inExecComment = false;
      i += 2;
      continue;
    }
    // strings
    if (c === 39) {
      const e = skipQuoted(sql, i, n, 39, my);
      if (!push(K.Str, '', '', i + 1, e - 1)) break;
      i = e;
      continue;
    }
    if (c === 34) {
      // "x": an identifier in PostgreSQL (and MySQL ANSI_QUOTES), a string in default MySQL
      const e = skipQuoted(sql, i, n, 34, my);
      if (my) {
        if (!push(K.Str, '', '', i + 1, e - 1)) break;
      } else {
        const text = sql.slice(i + 1, e - 1).replace(/""/g, '"');
        if (!push(K.Ident, text, text, i + 1, e - 1)) break;
      }
      i = e;
      continue;
    }
    if (c === 96 && my) {
      const e = skipQuoted(sql, i, n, 96, false);
      const text = sql.slice(i + 1, e - 1).replace(/``/g, '`');
      if (!push(K.Ident, text, text, i + 1, e - 1)) break;
      i = e;
      continue;
    }
    // dollar quoting ($$...$$, $tag$...$tag$) and $1 placeholders (PostgreSQL)
    if (c === 36 && !my) {
      if (isDigit(c1)) {
        let j = i + 1;
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
        if (!push(K.Param, '', '', i, j)) break;
        i = j;
        continue;
      }
      let j = i + 1;
      while (j < n && isWordChar(sql.charCodeAt(j)) && sql.charCodeAt(j) !== 36) j++;
      if (j < n && sql.charCodeAt(j) === 36) {
        const tag = sql.slice(i, j + 1);
        const close = sql.indexOf(tag, j + 1);
        const e = close < 0 || close + tag.length > n ? n : close + tag.length;
        if (!push(K.Str, '', '', j + 1, close < 0 ? n : close)) break;
        i = e;
        continue;
      }
    }
    // numbers (including .5, 1e10, 0x1F)
    if (isDigit(c) || (c === 46 && isDigit(c1))) {
      let j = i + 1;
      while (j < n) {
        const d = sql.charCodeAt(j);
        if (isDigit(d) || d === 46 || (d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d === 95) j++;
        else if ((d === 43 || d === 45) && (sql.charCodeAt(j - 1) | 32) === 101 && !/^0x/i.test(sql.slice(i, i + 2))) j++;
        else break;
      }
      if (!push(K.Num, '', '', i, j)) break;
      i = j;
      continue;
    }
    // words, and the string prefixes E'', N'', B'', X'', U&''
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordChar(sql.charCodeAt(j))) j++;
      const q = j < n ? sql.charCodeAt(j) : -1;
      const len = j - i;
      if (q === 39 && len <= 2) {
        const p = sql.slice(i, j).toUpperCase();
        if (p === 'E' || p === 'N' || p === 'B' || p === 'X' || p === 'R' || p === '_UTF8MB4' || p === 'U') {
          const e = skipQuoted(sql, j, n, 39, my || p === 'E');
          if (!push(K.Str, '', '', j + 1, e - 1)) break;
          i = e;
          continue;
        }
      }
      if (q === 38 && len === 1 && (c | 32) === 117 && j + 1 < n && sql.charCodeAt(j + 1) === 39) {
        const e = skipQuoted(sql, j + 1, n, 39, false);
        if (!push(K.Str, '', '', j + 2, e - 1)) break;
        i = e;
        continue;
      }
      if (my && q === 39 && sql.charCodeAt(i) === 95) {
        // charset introducer: _utf8mb4'...'
        const e = skipQuoted(sql, j, n, 39, true);
        if (!push(K.Str, '', '', j + 1, e - 1)) break;
        i = e;
        continue;
      }
      const raw = sql.slice(i, j);
      if (!push(K.Word, raw.toUpperCase(), raw, i, j)) break;
      i = j;
      continue;
    }
    // placeholders ? :name @var (but not the :: cast)
    if (c === 63) {
      if (!push(K.Param, '', '', i, i + 1)) break;
      i++;
      continue;
    }
    if (c === 58 && isWordStart(c1) && (i === 0 || sql.charCodeAt(i - 1) !== 58)) {
      let j = i + 1;
      while (j < n && isWordChar(sql.charCodeAt(j))) j++;
      if (!push(K.Param, '', '', i, j)) break;
      i = j;
      continue;
    }
    if (c === 64) {
      let j = i + 1;
      while (j < n && (isWordChar(sql.charCodeAt(j)) || sql.charCodeAt(j) === 64)) j++;
      if (!push(K.Param, '', '', i, j)) break;
      i = j;
      continue;
    }
    if (c === 91 && !my) {
      // [x] is array syntax in PostgreSQL, never an identifier
      if (!push(K.Punct, '[', '[', i, i + 1)) break;
      i++;
      continue;
    }
    const ch = sql[i]!;
    if (!push(K.Punct, ch, ch, i, i + 1)) break;
    i++;
  }
  return { tokens, truncated };
}
