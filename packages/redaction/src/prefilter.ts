/**
 * One pass over a text that records which ASCII characters occur in it (a 128-bit set) and how many
 * digits it has. Each default detector has a gate on that profile: the characters its literal
 * markers need (any of several alternatives) and the fewest digits a valid match has. A detector
 * whose gate fails cannot match, so it is skipped without running its hint or its pattern; the
 * gates are necessary conditions only, what they let through is checked exactly as before.
 */
import { DEFAULT_POLICY, type DetectorRule } from './policy.js';

export class TextProfile {
  /** ASCII characters present: character c is bit (c & 31) of word c >> 5. */
  m0 = 0;
  m1 = 0;
  m2 = 0;
  m3 = 0;
  digits = 0;
  nonAscii = false;

  scan(t: string): this {
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let d = 0;
    let na = false;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c < 64) {
        if (c < 32) m0 |= 1 << c;
        else {
          m1 |= 1 << (c - 32);
          if (c >= 48 && c <= 57) d++;
        }
      } else if (c < 96) m2 |= 1 << (c - 64);
      else if (c < 128) m3 |= 1 << (c - 96);
      else na = true;
    }
    this.m0 = m0;
    this.m1 = m1;
    this.m2 = m2;
    this.m3 = m3;
    this.digits = d;
    this.nonAscii = na;
    return this;
  }

  /** Every character of `s` (ASCII) occurs in the text. */
  hasAll(mask: Int32Array, at = 0): boolean {
    return (this.m0 & mask[at]!) === mask[at] && (this.m1 & mask[at + 1]!) === mask[at + 1] && (this.m2 & mask[at + 2]!) === mask[at + 2] && (this.m3 & mask[at + 3]!) === mask[at + 3];
  }

  /** The ASCII character `c` occurs in the text. */
  has(c: number): boolean {
    const w = c >> 5;
    const b = 1 << (c & 31);
    return ((w === 0 ? this.m0 : w === 1 ? this.m1 : w === 2 ? this.m2 : this.m3) & b) !== 0;
  }
}

/** The 4-word character mask of the ASCII characters of `s`. */
export function charMask(s: string, out = new Int32Array(4), at = 0): Int32Array {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) throw new Error('charMask: ASCII only');
    out[at + (c >> 5)]! |= 1 << (c & 31);
  }
  return out;
}

export interface Gate {
  minDigits: number;
  /** Alternatives, 4 words each: the gate passes when all characters of one alternative occur (none: no character condition). */
  alts: Int32Array;
}

export function gatePasses(g: Gate, p: TextProfile): boolean {
  if (p.digits < g.minDigits) return false;
  const a = g.alts;
  if (a.length === 0) return true;
  for (let k = 0; k < a.length; k += 4) if (p.hasAll(a, k)) return true;
  return false;
}

function gate(minDigits: number, ...alts: string[]): Gate {
  const m = new Int32Array(alts.length * 4);
  alts.forEach((s, k) => charMask(s, m, k * 4));
  return { minDigits, alts: m };
}

/**
 * Gates of the default detectors (valid for the default pattern only: a policy that redefines a
 * detector under the same id gets no gate). Digits: the fewest a match that passes its validator has.
 */
const GATES: Record<string, Gate> = {
  private_key: gate(0, '-----BEGIN PRIVATE KEY'),
  jwt: gate(0, 'eyJ.'),
  lwa_token: gate(0, 'Atz|', 'Atz%7'),
  lwa_client_secret: gate(1, 'amzn1.oa2-cs.v1.'),
  aws_access_key: gate(0, 'AKIA', 'ASIA', 'AGPA', 'AIDA', 'AROA', 'ANPA', 'ANVA', 'AIPA', 'ABIA', 'ACCA'),
  aws_secret_after_key: gate(0, 'AKIA', 'ASIA'),
  stripe_key: gate(0, 'sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'),
  openai_key: gate(0, 'sk-'),
  google_api_key: gate(0, 'AIza'),
  google_oauth: gate(2, 'ya29.'),
  github_token: gate(0, 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'),
  gitlab_token: gate(0, 'glpat-'),
  sendgrid_key: gate(0, 'SG.'),
  slack_token: gate(0, 'xox-'),
  npm_token: gate(0, 'npm_'),
  shopify_token: gate(0, 'shp_'),
  square_token: gate(1, 'sq0-'),
  huggingface_token: gate(0, 'hf_'),
  postman_key: gate(0, 'PMAK-'),
  digitalocean_token: gate(1, 'do_v1_'),
  google_oauth_secret: gate(0, 'GOCSPX-'),
  telegram_bot_token: gate(8, ':AA'),
  slack_webhook: gate(0, 'hooks.slack.com/services/TB'),
  discord_webhook: gate(15, 'discord.com/api/webhooks/'),
  mailgun_key: gate(0, 'key-'),
  facebook_token: gate(0, 'EAA'),
  age_secret_key: gate(1, 'AGE-SECRET-KEY-1'),
  twilio_key: gate(0, 'SK'),
  azure_conn_key: gate(0, 'AccountKey=', 'SharedAccessKey=', 'SharedAccessSignature='),
  url_userinfo: gate(0, '://:@'),
  basic_auth: gate(0, 'Basic'),
  bearer: gate(0, 'earer'),
  sql_identified_by: gate(0, "'"),
  mysql_p_flag: gate(0, 'mysql-p', 'mariadb-p'),
  cli_password_flag: gate(0, '-'),
  // [Aa]pi[ _-]?[Kk]ey | API[ _-]?KEY | [Aa]ccess[ _-]?[Tt]oken | [Ss]ecret | [Tt]oken | [Pp]assword | [Pp]asswd; `secretish` needs a digit
  keyword_secret: gate(1, 'piey', 'APIKEY', 'oken', 'ecret', 'asswd', 'assword'),
  email: gate(0, '@.', '%40.'),
  iban: gate(2),
  device_cue: gate(0, 'IDFA', 'GAID', 'AAID', 'IDFV', 'IMEI', 'MEID', 'evice', 'dvertising', 'nstall'),
  passport_cue: gate(1, 'assport', 'ASSPORT', 'Reisepass', 'asaporte'),
  latlon_pair: gate(10, '.,'),
  iban_lower: gate(2),
  card_number: gate(12),
  ssn: gate(9, '-'),
  mac: gate(0, ':', '-'),
  ipv6: gate(0, ':'),
  ipv4: gate(4, '.'),
  phone_intl: gate(8, '+', '%2B', '%2b'),
  phone_us: gate(10),
  phone_national: gate(8),
};

const DEFAULT_BY_ID = new Map(DEFAULT_POLICY.detectors.map((d) => [d.id, d]));

/** The gate of a detector: only a default detector with its default pattern and flags has one. */
export function gateFor(d: DetectorRule): Gate | undefined {
  const def = DEFAULT_BY_ID.get(d.id);
  if (!def || def.pattern !== d.pattern || (def.flags ?? '') !== (d.flags ?? '') || (def.group ?? 0) !== (d.group ?? 0) || def.validate !== d.validate) return undefined;
  return GATES[d.id];
}

/**
 * Which of several word lists have a word occurring in a (lower-cased) text, in one pass: a trie of
 * all the words, walked from every position. `find(lc)` returns bit k set when some word of list k
 * occurs (the same answer as `words.some((w) => lc.includes(w))` for each list).
 */
export class WordSets {
  private readonly alpha = new Uint8Array(256);
  private readonly width: number;
  private readonly next: Int32Array;
  private readonly bits: Int32Array;

  constructor(lists: ReadonlyArray<readonly string[]>) {
    if (lists.length > 30) throw new Error('WordSets: at most 30 lists');
    let a = 0;
    for (const l of lists)
      for (const w of l)
        for (let i = 0; i < w.length; i++) {
          const c = w.charCodeAt(i);
          if (c >= 256 || w.length === 0) throw new Error(`WordSets: ${w}`);
          if (this.alpha[c] === 0) this.alpha[c] = ++a;
        }
    this.width = a + 1;
    const next: number[] = [];
    const bits: number[] = [0];
    for (let i = 0; i < this.width; i++) next.push(0);
    lists.forEach((l, k) => {
      for (const w of l) {
        let node = 0;
        for (let i = 0; i < w.length; i++) {
          const slot = node * this.width + this.alpha[w.charCodeAt(i)]!;
          if (next[slot] === 0) {
            next[slot] = bits.length;
            bits.push(0);
            for (let j = 0; j < this.width; j++) next.push(0);
          }
          node = next[slot]!;
        }
        bits[node]! |= 1 << k;
      }
    });
    this.next = Int32Array.from(next);
    this.bits = Int32Array.from(bits);
  }

  find(lc: string): number {
    const { alpha, width, next, bits } = this;
    const n = lc.length;
    let found = 0;
    for (let i = 0; i < n; i++) {
      let node = 0;
      for (let j = i; j < n; j++) {
        const c = lc.charCodeAt(j);
        if (c >= 256) break;
        const a = alpha[c]!;
        if (a === 0) break;
        node = next[node * width + a]!;
        if (node === 0) break;
        found |= bits[node]!;
      }
    }
    return found;
  }
}
