/**
 * The digit shapes of a text, found once for the weak detectors (cards, SSN, phone numbers, IPv4,
 * coordinates) and the free-text address rules, instead of one hint regex per detector and then the
 * detector's pattern on every text its loose hint let through.
 *
 * `digitShapes` is one JavaScript pass over the digit runs (a native scan jumps over long stretches
 * without a digit); IPv6 and MAC shapes involve hex letters and are checked by `ipv6Shape` and
 * `MAC_PAIRS`. Each bit is a necessary condition for its detector to accept a match with its default
 * pattern and validator: a detector whose bit is clear cannot find anything and is skipped; what
 * passes is hinted, matched and validated exactly as before. The conditions are tighter than the
 * hints (a 10-digit epoch or an order number between letters is not a card, `12:30:00` is not an IPv6
 * address), so fewer patterns and validators run. The free-text bits are exactly the regexes they
 * replace (SPACE_DIGIT) or the part of one that needs a digit (ADDR_HINT_A).
 */
import { DEFAULT_POLICY, type DetectorRule } from './policy.js';

/** Some ASCII digit. */
export const SH_DIGIT = 1;
/** card_number: 12+ digits joined by single ' ' or '-' (the pattern's `(?:[0-9][ -]?){11,18}[0-9]`). */
export const SH_CARD = 2;
/** ssn: runs of exactly 3, 2 and 4 digits joined by '-'. */
export const SH_SSN = 4;
/** phone_us: `\d{3}[.-]\d{3}[.-]\d{4}` (the forms with a parenthesis: see SH_PAREN_PCT). */
export const SH_US = 8;
/** phone_national: `0[1-9]\d{0,4}[ ./-]\d` (the `%20` and parenthesis forms: see SH_PAREN_PCT). */
export const SH_NAT = 16;
/** ipv4: four runs of 1–3 digits joined by '.'. */
export const SH_IPV4 = 32;
/** latlon_pair: a run of 1–2 digits, '.', a run of 4–9 digits, ','. */
export const SH_LATLON = 64;
/** mac: the detector's marker for MAC_PAIRS (not a bit of digitShapes). */
export const SH_MAC = 128;
/** ipv6: the detector's marker for ipv6Shape (not a bit of digitShapes). */
export const SH_IPV6 = 256;
/**
 * A '(' or a '%' occurs (looked for only when SH_US or SH_NAT is clear): the phone forms `(415) …`,
 * `%28415%29…`, `(030) …` and `…%20…` are left to the detector's hint regex.
 */
export const SH_PAREN_PCT = 512;
/** Free text: `[ \t]\d` (exactly SPACE_DIGIT). */
export const SH_SPACE_DIGIT = 1024;
/** Free text: `\d[a-zA-Z]?,?[ \t\n]`, what ADDR_HINT_A needs before its capital. */
export const SH_ADDR_A = 2048;

/** The next digit from lastIndex. */
export const DIGIT_FROM = /\d/g;

/** The shape bits of `t` (all but SH_MAC and SH_IPV6). */
export function digitShapes(t: string): number {
  const n = t.length;
  let bits = 0;
  // the previous digit run: where it ended (index of the character after it) and its length
  let lastEnd = -2;
  let lastLen = 0;
  // the two runs before the current one when each follows the next after exactly one character:
  // p1 the previous run and s1 the character between it and the current run; p2, s2 the one before
  let p1 = 0;
  let s1 = 0;
  let p2 = 0;
  let s2 = 0;
  // card: digits of the runs joined by single ' ' / '-' since the first run that may start a card
  // (preceded by the start or a character other than [0-9A-Za-z-]); -1 when none may
  let card = -1;
  let dots = 0; // ipv4: runs of 1–3 digits joined by '.', up to the previous run
  let i = 0;
  for (;;) {
    // to the next digit: a few characters in JavaScript, past them the native scan of DIGIT_FROM
    // (a long stretch without a digit costs a few ns per character in the JavaScript loop)
    const lim = i + 12 < n ? i + 12 : n;
    while (i < lim && (t.charCodeAt(i) - 48) >>> 0 > 9) i++;
    if (i === lim) {
      if (i >= n) break;
      DIGIT_FROM.lastIndex = i;
      if (!DIGIT_FROM.test(t)) break;
      i = DIGIT_FROM.lastIndex - 1;
    }
    // a digit run from runStart to i; b the character before it, c the one after it (a space at either end of the text)
    const runStart = i;
    bits |= SH_DIGIT;
    i++;
    while (i < n && (t.charCodeAt(i) - 48) >>> 0 <= 9) i++;
    const run = i - runStart;
    const end = i >= n;
    const c = end ? 32 : t.charCodeAt(i);
    const b = runStart > 0 ? t.charCodeAt(runStart - 1) : 32;
    const lb = b | 32;
    const lc = c | 32;
    const bLetter = lb >= 97 && lb <= 122;
    const cLetter = lc >= 97 && lc <= 122;
    if (bLetter && cLetter) {
      // between two ASCII letters (hex ids, tokens): no shape ends here, and none goes on from it
      // to the next run (each needs a separator or a boundary on both sides); only ADDR_A may start
      let e = ++i < n ? t.charCodeAt(i) : 0;
      if (e === 44) e = i + 1 < n ? t.charCodeAt(i + 1) : 0;
      if (e === 32 || e === 9 || e === 10) bits |= SH_ADDR_A;
      lastEnd = -2;
      continue;
    }
    if (b === 32 || b === 9) {
      if (runStart > 0) bits |= SH_SPACE_DIGIT;
    }
    // does the run follow the previous run after exactly one character?
    let dotsCont = false;
    // may a card start here (b is not [0-9A-Za-z-])? b is not a digit
    const cardStart = b !== 45 && !bLetter;
    if (lastEnd === runStart - 1) {
      p2 = p1;
      s2 = s1;
      p1 = lastLen;
      s1 = b;
      // the chain goes on over ' ' (where a card may also start) and '-'
      if (b !== 45 && !(b === 32 && card >= 0)) card = cardStart ? 0 : -1;
      dotsCont = b === 46 && dots > 0;
    } else {
      p1 = p2 = s1 = s2 = 0;
      card = cardStart ? 0 : -1;
    }
    if (card >= 0) {
      card += run;
      if (card >= 12 && c !== 45 && !cLetter) bits |= SH_CARD;
    }
    dots = run <= 3 ? (dotsCont ? dots + 1 : 1) : 0;
    if (dots >= 4) bits |= SH_IPV4;
    if (p1 !== 0) {
      if (run === 4 && s1 === 45 && p1 === 2 && s2 === 45 && p2 === 3) bits |= SH_SSN;
      if (run >= 4 && p1 === 3 && p2 >= 3 && (s1 === 45 || s1 === 46) && (s2 === 45 || s2 === 46)) bits |= SH_US;
      if (c === 44 && !end && s1 === 46 && p1 <= 2 && run >= 4 && run <= 9) bits |= SH_LATLON;
    }
    if (run >= 2 && !end && (c === 32 || c === 46 || c === 47 || c === 45) && i + 1 < n) {
      const d = t.charCodeAt(i + 1);
      if (d >= 48 && d <= 57) {
        // 0[1-9]\d{0,4} ending at i
        for (let j = i - 6 > runStart ? i - 6 : runStart; j <= i - 2; j++) {
          if (t.charCodeAt(j) === 48) {
            const e = t.charCodeAt(j + 1);
            if (e >= 49 && e <= 57) {
              bits |= SH_NAT;
              break;
            }
          }
        }
      }
    }
    if (!end) {
      // \d[a-zA-Z]?,?[ \t\n]
      let j = i;
      let e = c;
      if (cLetter) e = ++j < n ? t.charCodeAt(j) : 0;
      if (e === 44) e = ++j < n ? t.charCodeAt(j) : 0;
      if (e === 32 || e === 9 || e === 10) bits |= SH_ADDR_A;
    }
    lastEnd = i;
    lastLen = run;
    if (end) break;
  }
  if (bits !== 0 && (bits & (SH_US | SH_NAT)) !== (SH_US | SH_NAT) && (t.includes('(') || t.includes('%'))) bits |= SH_PAREN_PCT;
  return bits;
}

const H = '[0-9A-Fa-f]{1,4}';
/** Six hex groups each followed by ':', as the five between six colons (a leading literal: a fast scan). */
export const V6_GROUPS = new RegExp(`:${H}:${H}:${H}:${H}:${H}:`);
/**
 * ipv6: not found by the digit pass (hex letters count): `::`, or six hex groups each followed by
 * ':' (an address without `::` has 8 groups, or 6 and an IPv4).
 */
export function ipv6Shape(t: string): boolean {
  return t.includes('::') || V6_GROUPS.test(t);
}

/** mac: three hex pairs between ':' or '-' (the pattern has five pairs each followed by one). */
export const MAC_PAIRS = /[:-][0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-]/;

const DEFAULT_BY_ID = new Map(DEFAULT_POLICY.detectors.map((d) => [d.id, d]));

/** The shape bits a weak detector needs (0: none, use its hint): only a default detector with its default pattern has them. */
export function shapeFor(d: DetectorRule): number {
  const def = DEFAULT_BY_ID.get(d.id);
  if (!def || def.pattern !== d.pattern || (def.flags ?? '') !== (d.flags ?? '') || (def.group ?? 0) !== (d.group ?? 0) || def.validate !== d.validate) return 0;
  return SHAPES[d.id] ?? 0;
}

const SHAPES: Record<string, number> = {
  card_number: SH_CARD,
  ssn: SH_SSN,
  ipv4: SH_IPV4,
  latlon_pair: SH_LATLON,
  ipv6: SH_IPV6,
  mac: SH_MAC,
  // the next two: their bit, or the parenthesis/percent forms (then the detector's hint regex decides)
  phone_us: SH_US | SH_PAREN_PCT,
  phone_national: SH_NAT | SH_PAREN_PCT,
};
