/**
 * The text engine: finds sensitive spans in one string (an attribute value, message, URL, header,
 * SQL statement or JSON body) with the field name as context. Linear time: every pattern is an
 * RE2-compatible regular expression (no lookaround, no backreferences, bounded repetition) and
 * the structural scanners (JSON, key=value, SQL, cookies) are single passes.
 */
import { isIPv6 } from 'node:net';
import type { Action, DetectorRule, KeyRule, Policy, PiiType } from './policy.js';
import { WordSets } from './prefilter.js';
import { DIGIT_FROM, MAC_PAIRS, SH_ADDR_A, SH_DIGIT, SH_IPV6, SH_MAC, SH_SPACE_DIGIT, V6_GROUPS, digitShapes, ipv6Shape, shapeFor } from './shapes.js';

export interface Span {
  start: number;
  end: number;
  type: PiiType;
  /** Set when the rule that found the span overrides the type's action. */
  action?: Action;
}

interface Cand extends Span {
  prio: number;
}

interface CompiledDetector {
  rule: DetectorRule;
  re: RegExp;
  group: number;
  prio: number;
  weak: boolean;
  vendor: boolean;
  hint: ((t: string) => boolean) | undefined;
  /** A strong detector with literal hints (STRONG_HINTS): the bits of the STRONG_LITERALS lists it needs, all of them. */
  literal: boolean;
  needLo: number;
  needHi: number;
  check: ((t: string) => boolean) | undefined;
  /** Weak default detectors: the digit-shape bits one of which the text must have (0: none, see shapes.ts). */
  shape: number;
  validate: ((s: string, text: string, start: number) => boolean) | undefined;
}

interface IndexedRule {
  rule: KeyRule;
  tokens: string[];
  context: Set<string> | undefined;
  unless: Set<string> | undefined;
}

interface KeyEntry {
  base: KeyClass;
  contextual: boolean;
  byParents: Map<string, KeyClass> | undefined;
  label: boolean | undefined;
}

export interface KeyClass {
  rule: KeyRule | undefined;
  /** The key names something harmless (version, pagination token, hash): weak detectors stay quiet. */
  safe: boolean;
}

/** Detectors whose matches are plausible only without contrary context. */
/** Vendor-key detectors share one prefilter: a text with none of their literal markers skips them all. */
const VENDOR = new Set(['stripe_key', 'openai_key', 'google_api_key', 'google_oauth', 'github_token', 'gitlab_token', 'sendgrid_key', 'slack_token', 'npm_token', 'twilio_key', 'azure_conn_key', 'shopify_token', 'square_token', 'huggingface_token', 'postman_key', 'digitalocean_token', 'google_oauth_secret', 'telegram_bot_token', 'slack_webhook', 'discord_webhook', 'mailgun_key', 'facebook_token', 'age_secret_key']);
const VENDOR_HINT = /_live_|_test_|sk-|AIza|ya29\.|gh[pousr]_|github_pat_|glpat-|SG\.|xox|npm_|SK[0-9a-f]{32}|Shared|AccountKey|shp|sq0|hf_|PMAK-|_v1_|GOCSPX-|:AA|hooks\.slack|\/api\/webhooks\/|key-|EAA|AGE-SECRET/;
// literals one of which VENDOR_HINT needs (SK[0-9a-f]{32} needs 'SK'): checked on the bigrams first
const VENDOR_LITERALS = ['_live_', '_test_', 'sk-', 'AIza', 'ya29.', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'glpat-', 'SG.', 'xox', 'npm_', 'SK', 'Shared', 'AccountKey', 'shp', 'sq0', 'hf_', 'PMAK-', '_v1_', 'GOCSPX-', ':AA', 'hooks.slack', '/api/webhooks/', 'key-', 'EAA', 'AGE-SECRET'];
const STRONG_SUFFIXES: ReadonlyArray<[string, string]> = [
  ['password', 'password'], ['passwd', 'password'], ['secret', 'api_key'], ['apikey', 'api_key'], ['accesstoken', 'bearer_token'],
  ['refreshtoken', 'bearer_token'], ['authtoken', 'bearer_token'], ['email', 'email'], ['phone', 'phone'], ['iban', 'iban'], ['ssn', 'ssn'],
];
const WEAK = new Set(['latlon_pair', 'ipv4', 'phone_intl', 'phone_us', 'phone_national', 'card_number', 'ssn', 'mac', 'ipv6']);

const has = (t: string, ...xs: string[]): boolean => {
  for (const x of xs) if (t.includes(x)) return true;
  return false;
};
const CLI_HINT = /(?:^|\s)--?[a-zA-Z]/;
const FREE_LABEL_WORDS = ['feedback', 'comment', 'review', 'answer', 'message', 'delivery', 'note'];
const FREE_CUE_WORDS = ['answered', 'wrote', 'writes', 'comment', 'review', 'feedback', 'from', 'said', 'asked'];
const DOB_WORDS = ['dob', 'd.o.b', 'birth', 'born', 'geb', 'é le', 'ée le', 'nacimiento', 'nascita', 'nascimento', 'naissance', 'geboorte', 'urodzenia', 'urodzon', 'födelse', 'född', 'fødsel', 'født', 'syntym', 'syntyn', 'nascid', 'nato il', 'nata il', 'narozen', 'születés', 'született', 'doğum', 'nașter', 'nacid'];
const GEO_WORDS = ['geo', 'lat', 'locat', 'coord', 'position', 'gps', 'pin'];
const SINGLE_NAME_WORDS = ['name is', 'i am', "i'm", 'dear ', 'hi', 'hello', 'hey', 'named', 'called', 'thank', 'cheers', 'love', 'from'];
const PHONE_CUE_WORDS = ['call', 'phone', 'tel', 'mob', 'cell', 'fax', 'desk', 'sms', 'text', 'reach', 'answering', 'number', 'handy', 'móvil', 'portable', 'rufnummer', 'numéro', 'whats', 'office', 'home', 'work', 'contact', 'kontakt', 'tél', 'tlf', 'puh', 'llam', 'chiam', 'appel', 'anruf', 'bel ', 'ring', 'ligue', 'zadzwo'];
const ADDR_CUE_WORDS = ['lives at', 'living at', 'resides', 'address', 'located at', 'return', 'send', 'deliver', 'moved to', 'ship', 'wohnt', 'adresse', 'direcci', 'indirizzo'];
// the cue word lists above, found in one pass over the lower-cased text (bit per list)
// the verbs of NAME_SUBJECT_RE (a name as the subject of a verb only people do)
const SUBJECT_VERB_WORDS = ['said', 'says', 'asked', 'wrote', 'writes', 'complain', 'told', 'replied', 'explained', 'mentioned', 'claim', 'emailed', 'phoned', 'insisted', 'apologi', 'thanked', 'admitted', 'promised', 'lives', 'lived'];
// the words that say a password follows (PASSWORD_PROSE_RE), and the person roles before an upper-case name (CAPS_NAME_RE)
const PASSWORD_WORDS = ['passw', 'pwd', 'passphrase', 'kennwort', 'contraseña', 'mot de passe', 'senha', 'wachtwoord', 'hasło', 'lösenord', 'passord', 'adgangskode', 'salasana', 'heslo', 'jelszó'];
const VOCATIVE_WORDS = [', can ', ', could ', ', would ', ', will ', ', are ', ', did ', ', do ', ', have '];
const ROLE_WORDS = ['customer', 'buyer', 'recipient', 'holder', 'passenger', 'guest', 'patient', 'name', 'ship to', 'bill to', 'attn', 'beneficiary', 'payee', 'consignee', 'client', 'kunde', 'empfänger', 'destinataire', 'destinatario', 'titular'];
// the person roles before a capitalised name (ROLE_CUE_NAME_RE): stems, so `traveler` and `traveller`, `fahrer` and `fahrerin` are found
const ROLE_NOUN_WORDS = ['owner', 'driver', 'courier', 'agent', 'seller', 'member', 'employee', 'applicant', 'tenant', 'landlord', 'student', 'patient', 'guest', 'passenger', 'travel', 'signer', 'assignee', 'reviewer', 'approver', 'requester', 'reporter', 'sender', 'payer', 'payee', 'consignee', 'beneficiary', 'empleado', 'mitarbeiter', 'fahrer', 'conductor', 'autista'];
const CUE_WORDS = new WordSets([FREE_LABEL_WORDS, FREE_CUE_WORDS, DOB_WORDS, GEO_WORDS, SINGLE_NAME_WORDS, PHONE_CUE_WORDS, ADDR_CUE_WORDS, SUBJECT_VERB_WORDS, PASSWORD_WORDS, ROLE_WORDS, VOCATIVE_WORDS, ROLE_NOUN_WORDS], { foldCase: true });
const W_FREE_LABEL = 1;
const W_FREE_CUE = 2;
const W_DOB = 4;
const W_GEO = 8;
const W_SINGLE_NAME = 16;
const W_PHONE_CUE = 32;
const W_ADDR_CUE = 64;
const W_SUBJECT_VERB = 128;
const W_PASSWORD = 256;
const W_ROLE = 512;
const W_VOCATIVE = 1024;
const W_ROLE_NOUN = 2048;
const HEX_COLON = /[0-9a-fA-F]:[0-9a-fA-F]|::/;
const MAC_HINT = /[0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-]/;
const CARD_HINT = /\d{4}[ -]?\d{4}[ -]?\d{2}/;
const IBAN_HINT = /[A-Z]{2}\d{2}/;
const SSN_HINT = /\d{3}-\d{2}-\d{4}/;
const PHONE_US_HINT = /\d{3}[.-]\d{3}[.-]\d{4}|\(\d{3}\)|%28\d{3}%29/;
const PHONE_NAT_HINT = /0[1-9]\d{0,4}(?:[ ./-]|%20)\d|\(0?[1-9]\d{1,3}\)/;
const IPV4_HINT = /\d\.\d{1,3}\.\d/;

/**
 * The strong detectors' literal hints: each entry is a list of groups, and the detector runs only when
 * every group has one of its literals in the text (case-sensitive). One Aho–Corasick pass over the text
 * (STRONG_LITERALS) answers all of them; a regex check (STRONG_CHECKS) may follow. Each list is exactly
 * the hint it replaced (the AWS key-id prefixes, the secret keywords, the device cues and the GitHub
 * prefixes were regexes that are alternations of these very literals).
 */
const STRONG_HINTS: Record<string, ReadonlyArray<readonly string[]>> = {
  private_key: [['-----BEGIN']],
  jwt: [['eyJ']],
  lwa_token: [['Atz']],
  lwa_client_secret: [['amzn1.oa2-cs']],
  aws_access_key: [['AKIA', 'ASIA', 'AGPA', 'AIDA', 'AROA', 'ANPA', 'ANVA', 'AIPA', 'ABIA', 'ACCA']],
  aws_secret_after_key: [['AKIA', 'ASIA']],
  stripe_key: [['_live_', '_test_']],
  openai_key: [['sk-']],
  google_api_key: [['AIza']],
  google_oauth: [['ya29.']],
  github_token: [['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_']],
  gitlab_token: [['glpat-']],
  sendgrid_key: [['SG.']],
  slack_token: [['xox']],
  npm_token: [['npm_']],
  twilio_key: [['SK']],
  shopify_token: [['shp']],
  square_token: [['sq0']],
  huggingface_token: [['hf_']],
  postman_key: [['PMAK-']],
  digitalocean_token: [['_v1_']],
  google_oauth_secret: [['GOCSPX-']],
  telegram_bot_token: [[':AA']],
  slack_webhook: [['hooks.slack.com']],
  discord_webhook: [['/api/webhooks/']],
  mailgun_key: [['key-']],
  facebook_token: [['EAA']],
  age_secret_key: [['AGE-SECRET-KEY-']],
  azure_conn_key: [['Shared', 'AccountKey']],
  url_userinfo: [['://'], ['@']],
  basic_auth: [['Basic']],
  bearer: [['earer']],
  sql_identified_by: [['IDENTIFIED', 'identified']],
  mysql_p_flag: [['mysql', 'mariadb']],
  // `-` is everywhere (dates, UUIDs): a native `includes` (its check) is cheaper than a word end at each one
  cli_password_flag: [],
  keyword_secret: [['Api', 'api', 'API', 'Token', 'token', 'Secret', 'secret', 'SECRET', 'Passw', 'passw']],
  email: [['@', '%40']],
  device_cue: [['IDFA', 'GAID', 'AAID', 'IDFV', 'IMEI', 'MEID', 'Device', 'device', 'Advertising', 'advertising', 'Install', 'install']],
  passport_cue: [['assport', 'ASSPORT', 'Reisepass', 'asaporte']],
  iban_lower: [['iban', 'IBAN', 'Iban']],
  password_hash: [['$2', '$argon2', '$5$', '$6$', '$scrypt$', '$pbkdf2', 'pbkdf2_']],
  card_cue: [['ard', 'ARD']],
  cvv_cue: [['CVV', 'vv', 'CVC', 'vc', 'CSC', 'CID', 'ecurity', 'erification']],
  national_id_cue: [['SSN', 'ecurity', 'nsurance', 'NINO', 'NI ', 'ational', 'icen', 'ührerschein', 'ermis de conduire', 'SIN', 'TIN', 'ax ID', 'teuer', 'odice', 'DNI', 'NIE', 'NIF', 'CPF', 'CNPJ', 'BSN', 'PESEL', 'ersonnummer', 'enkilötunnus', 'CPR', 'adhaar', 'NIR', 'sécurité sociale', 'odné číslo', 'zemélyi', 'imlik']],
};
/** The regex part of a strong hint, run once its literals are there. */
const STRONG_CHECKS: Record<string, (t: string) => boolean> = {
  cli_password_flag: (t) => t.includes('-') && CLI_HINT.test(t),
};
/** Every group of STRONG_HINTS is one list of this automaton; a detector's `needLo`/`needHi` are the bits of its groups. */
const STRONG_GROUPS: Array<readonly string[]> = [];
const STRONG_NEED = new Map<string, [number, number]>();
for (const [id, groups] of Object.entries(STRONG_HINTS)) {
  const need: [number, number] = [0, 0];
  for (const g of groups) {
    const k = STRONG_GROUPS.length;
    STRONG_GROUPS.push(g);
    if (k < 31) need[0] |= 1 << k;
    else need[1] |= 1 << (k - 31);
  }
  STRONG_NEED.set(id, need);
}
const STRONG_LITERALS = new WordSets(STRONG_GROUPS);

/** The hints of the detectors that STRONG_HINTS does not cover (the weak pass, and IBAN's regex). */
const HINTS: Record<string, (t: string) => boolean> = {
  iban: (t) => IBAN_HINT.test(t),
  ipv6: (t) => HEX_COLON.test(t),
  mac: (t) => MAC_HINT.test(t),
  ipv4: (t) => IPV4_HINT.test(t),
  ssn: (t) => SSN_HINT.test(t),
  card_number: (t) => CARD_HINT.test(t),
  latlon_pair: (t) => t.includes(','),
  phone_intl: (t) => t.includes('+') || t.includes('%2B') || t.includes('%2b'),
  phone_us: (t) => PHONE_US_HINT.test(t),
  phone_national: (t) => PHONE_NAT_HINT.test(t),
};

// ---------------------------------------------------------------------------------------------
// Validators

function allSame(d: string): boolean {
  for (let i = 1; i < d.length; i++) if (d[i] !== d[0]) return false;
  return d.length > 0;
}

/** The Luhn check of the digits of `s` (its ' ' and '-' separators skipped). */
export function luhnOk(s: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 45) continue;
    let d = c - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

const CARD_CUE_BEFORE = /(?:card|cc|credit|debit|visa|master|amex|maestro|jcb|karte|tarjeta|carte|carta|cartão|pan)\W{0,12}$/i;

/**
 * cardOk in one pass over the candidate, without allocating: the same answer as cardOkSlow for a
 * candidate of digits with single ' ' / '-' between them (what the default pattern finds); any
 * other string (a policy's own pattern) goes to cardOkSlow.
 */
export function cardOk(s: string, text = '', start = 0): boolean {
  // a number after '+' is an international phone number (+4900556795372), never a card
  if (start > 0 && text.charCodeAt(start - 1) === 43) return false;
  const L = s.length;
  const c0 = s.charCodeAt(0);
  if (L === 0 || c0 < 48 || c0 > 57) return cardOkSlow(s, text, start);
  let n = 0; // digits
  let f = 0; // the first four digits as a number (fewer when there are fewer)
  let sep = 0; // the first separator
  let mixed = false; // separators of both kinds
  let same = true; // every digit is the first
  let k = 0; // groups ended by a separator
  let g1 = 0;
  let g2 = 0;
  let g3 = 0;
  let g4 = 0;
  let cur = 0;
  let g0 = 0;
  let prevSep = false;
  for (let i = 0; i < L; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 45) {
      if (prevSep) return cardOkSlow(s, text, start);
      prevSep = true;
      if (sep === 0) sep = c;
      else if (c !== sep) mixed = true;
      if (k === 0) g0 = cur;
      else if (k === 1) g1 = cur;
      else if (k === 2) g2 = cur;
      else if (k === 3) g3 = cur;
      k++;
      cur = 0;
      continue;
    }
    if (c < 48 || c > 57) return cardOkSlow(s, text, start);
    prevSep = false;
    n++;
    cur++;
    if (n <= 4) f = f * 10 + (c - 48);
    if (c !== c0) same = false;
  }
  if (prevSep) return cardOkSlow(s, text, start);
  // the last group
  if (k === 0) g0 = cur;
  else if (k === 1) g1 = cur;
  else if (k === 2) g2 = cur;
  else if (k === 3) g3 = cur;
  else if (k === 4) g4 = cur;
  const d0 = c0 - 48;
  const d01 = n >= 2 ? ((f / (n >= 4 ? 100 : n === 3 ? 10 : 1)) | 0) : -1; // the first two digits
  // 12-digit Maestro and 15-digit 1800/2131 JCB numbers only after a card cue word
  if ((n === 12 && (d0 === 6 || d01 === 50 || d01 === 56 || d01 === 57 || d01 === 58)) || (n === 15 && (f === 1800 || f === 2131))) {
    return CARD_CUE_BEFORE.test(text.slice(Math.max(0, start - 24), start)) && luhnOk(s);
  }
  if (n < 13 || n > 19) return false;
  if (k > 0) {
    if (mixed) return false;
    // group lengths 4-4-4-4(-[1-4]), 4-6-5, 4-6-4, 4-4-4-[1-4], 4-4-5, 4-4-4-4-4
    if (g0 !== 4) return false;
    if (k === 2) {
      if (!((g1 === 6 && (g2 === 5 || g2 === 4)) || (g1 === 4 && g2 === 5))) return false;
    } else if (k === 3) {
      if (!(g1 === 4 && g2 === 4 && g3 >= 1 && g3 <= 4)) return false;
    } else if (k === 4) {
      if (!(g1 === 4 && g2 === 4 && g3 === 4 && g4 >= 1 && g4 <= 4)) return false;
    } else return false;
  }
  // Issuer prefixes (see cardOkSlow)
  if (!(d0 === 4 || d0 === 6 || (d01 >= 50 && d01 <= 58) || (d01 >= 22 && d01 <= 27) || (d01 >= 30 && d01 <= 39 && d01 !== 31 && d01 !== 32 && d01 !== 33))) return false;
  if (d0 === 4 && n !== 13 && n !== 16 && n !== 19) return false;
  if ((d01 === 34 || d01 === 37) && n !== 15) return false;
  if (((d01 >= 51 && d01 <= 55) || (d01 >= 22 && d01 <= 27)) && n !== 16) return false;
  if (same) return false;
  return luhnOk(s);
}

export function cardOkSlow(s: string, text = '', start = 0): boolean {
  const digits = s.replace(/[ -]/g, '');
  const n = digits.length;
  // 12-digit Maestro and 15-digit 1800/2131 JCB numbers only after a card cue word
  if ((n === 12 && /^(?:5[0678]|6)/.test(digits)) || (n === 15 && /^(?:1800|2131)/.test(digits))) {
    return CARD_CUE_BEFORE.test(text.slice(Math.max(0, start - 24), start)) && luhnOk(digits);
  }
  if (n < 13 || n > 19) return false;
  const seps = s.match(/[ -]/g);
  if (seps) {
    if (!seps.every((c) => c === seps[0])) return false;
    const groups = s.split(/[ -]/).map((g) => g.length).join('-');
    if (!/^(4-4-4-4(-[1-4])?|4-6-5|4-6-4|4-4-4-[1-4]|4-4-5|4-4-4-4-4)$/.test(groups)) return false;
  }
  // Issuer prefixes: Visa 4, Mastercard 51-55 and 2221-2720, Amex 34/37, Discover 6011/644-649/65,
  // JCB 3528-3589, Diners 300-305/36/38/39, UnionPay 62, Maestro 50/56-58/6x, Mir 2200-2204.
  if (!/^(4|5[0-8]|2[2-7]|3[47]|3[0689]|35|6)/.test(digits)) return false;
  if (digits[0] === '4' && n !== 13 && n !== 16 && n !== 19) return false;
  if (/^3[47]/.test(digits) && n !== 15) return false;
  if (/^(5[1-5]|2[2-7])/.test(digits) && n !== 16) return false;
  if (allSame(digits)) return false;
  return luhnOk(digits);
}

/**
 * ibanOk without allocating: the same answer as ibanOkSlow for a candidate of [0-9A-Z] and spaces
 * (what the default patterns find); any other string goes to ibanOkSlow.
 */
export function ibanOk(s: string): boolean {
  const L = s.length;
  let len = 0;
  for (let i = 0; i < L; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 32) continue;
    if (!((ch >= 48 && ch <= 57) || (ch >= 65 && ch <= 90))) return ibanOkSlow(s);
    len++;
  }
  if (len < 15 || len > 34) return false;
  // mod 97 of the digits with the first four characters moved to the end, a letter as its two digits 10–35
  let rem = 0;
  let k = 0; // characters (without spaces) seen
  for (let pass = 0; pass < 2; pass++) {
    k = 0;
    for (let i = 0; i < L; i++) {
      const ch = s.charCodeAt(i);
      if (ch === 32) continue;
      if (pass === 0 ? k++ < 4 : k++ >= 4) continue;
      rem = ch >= 65 ? (rem * 100 + (ch - 55)) % 97 : (rem * 10 + (ch - 48)) % 97;
    }
  }
  return rem === 1;
}

export function ibanOkSlow(s: string): boolean {
  const c = s.replace(/ /g, '');
  if (c.length < 15 || c.length > 34) return false;
  const r = c.slice(4) + c.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < r.length; i++) {
    const ch = r.charCodeAt(i);
    const v = ch >= 65 ? String(ch - 55) : String(ch - 48);
    for (let j = 0; j < v.length; j++) rem = (rem * 10 + (v.charCodeAt(j) - 48)) % 97;
  }
  return rem === 1;
}

const VERSION_BEFORE = /(?:version|\bver\b|\bv|release|deploy\w*|build|upgrade\w*|sdk|\bapp|firmware|agent|node|runtime|chrome|firefox|safari|android|ios)\W{0,3}([\w.@/-]+\s)?$/i;
const LABEL_TOKENS = new Set(
  ('brand title product item service queue category model manufacturer company organization organisation org vendor merchant store shop team ' +
    'department project app application job task worker pipeline workflow topic bucket table collection database db host hostname cluster ' +
    'namespace region sku asin label tag tags kind type plan tier feature flag course book album song movie artist publisher genre').split(' '),
);
function isLabelKey(key: string): boolean {
  const t = keyTokens(key);
  const last = t[t.length - 1];
  if (last === undefined) return false;
  if (LABEL_TOKENS.has(last)) return true;
  return (last === 'name' || last === 'title') && t.length > 1 && LABEL_TOKENS.has(t[t.length - 2]!);
}
const PREPOSITION = /^(?:to|on|at|from|in|into|onto|via|for|by|host|server|ip)\s$/i;

const CIDR_SUFFIX = /^\/\d{1,3}(?:$|\D)/;
/** `10.1.2.0/24`, `2001:db8::/48`: a network (and the form of a truncated address), not an address. */
function isCidr(s: string, text: string, start: number): boolean {
  return text.charCodeAt(start + s.length) === 47 && CIDR_SUFFIX.test(text.slice(start + s.length, start + s.length + 5));
}

function ipv4Ok(s: string, text: string, start: number): boolean {
  if (s.startsWith('127.') || s === '0.0.0.0' || s === '255.255.255.255') return false;
  if (isCidr(s, text, start)) return false;
  const before = text.slice(Math.max(0, start - 32), start);
  const vb = VERSION_BEFORE.exec(before);
  if (vb && !(vb[1] && PREPOSITION.test(vb[1]))) return false;
  const last = before.charCodeAt(before.length - 1);
  // a version after a product or package name (`Chrome/120.0.1.2`, `pkg@1.2.3.4`), but a host after `://`
  // and a user's host (`ssh root@10.0.0.5`) are addresses
  if (last === 47 && !before.endsWith('//')) return false;
  if (last === 64 && /[\w-]@$/.test(before) && !/:\/\/[^\s/@]*@$/.test(before) && (s.charCodeAt(1) === 46 || /\/[^\s@]*@$/.test(before))) return false;
  return true;
}

function ipv6Ok(s: string, text = '', start = 0): boolean {
  if (s === '::1' || s === '::' || s.length < 6) return false;
  if (isCidr(s, text, start)) return false;
  if (!isIPv6(s)) return false;
  // Require some hex digit and at least 3 groups or a '::' (times like 12:30:00 are not IPv6).
  return /[0-9a-fA-F]/.test(s) && (s.includes('::') || s.split(':').length >= 6);
}

function ssnOk(s: string): boolean {
  const [a, g, n] = s.split('-') as [string, string, string];
  return a !== '000' && a !== '666' && a[0] !== '9' && g !== '00' && n !== '0000';
}

function phoneOk(s: string): boolean {
  const digits = s.replace(/\s?(?:x|ext\.?)\s?\d{1,5}$/, '').replace(/%2[0B8-9]|%2b|[^0-9]/gi, '').length;
  if (digits < 8 || digits > 15) return false;
  return !allSame(s.replace(/[^0-9]/g, ''));
}

function basicOk(s: string): boolean {
  try {
    return Buffer.from(s, 'base64').toString('latin1').includes(':');
  } catch {
    return false;
  }
}

function latLonOk(s: string): boolean {
  const m = /(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)/.exec(s);
  if (!m) return false;
  return Math.abs(Number(m[1])) <= 90 && Math.abs(Number(m[2])) <= 180;
}

function secretish(s: string): boolean {
  return s.length >= 16 && /\d/.test(s) && /[A-Za-z]/.test(s) && !/^\d+$/.test(s);
}

function phoneCueOk(s: string): boolean {
  const d = s.replace(/\s?(?:x|ext\.?)\s?\d{1,5}$/, '').replace(/[^0-9]/g, '');
  if (d.length < 6 || d.length > 15) return false;
  if (allSame(d)) return false;
  // a version such as Chrome/81.9.17.17 (a dotted phone number has 9+ digits in groups of 2+: 980.542.139)
  if (/^\d{1,3}(?:\.\d{1,3}){2,3}$/.test(s.trim()) && (d.length < 9 || /(?:^|\.)\d(?:\.|$)/.test(s.trim()))) return false;
  // not a date, time or decimal amount
  return !/^\d{4}-\d{2}-\d{2}|^\d{1,2}[./]\d{1,2}[./]\d{2,4}$|^\d+\.\d{1,2}$/.test(s.trim());
}

/** A bare pair after `at`/`near`: both in range, not both below 1 (ratios, metrics). */
function latLonAtOk(s: string): boolean {
  if (!latLonOk(s)) return false;
  const [a, b] = s.split(',').map((x) => Math.abs(Number(x.trim())));
  return (a ?? 0) >= 1 || (b ?? 0) >= 1;
}

const VALIDATORS: Record<string, (s: string, text: string, start: number) => boolean> = {
  iban_ci: (s) => ibanOk(s.toUpperCase()),
  latlon_at: (s) => latLonAtOk(s),
  has_digit: (s) => /\d/.test(s),
  // 5–20 letters and digits, at least 4 of them digits (an id, not a word after the cue)
  national_id: (s) => {
    const a = s.replace(/[^A-Za-z0-9]/g, '');
    return a.length >= 5 && a.length <= 20 && a.replace(/\D/g, '').length >= 4;
  },
  secretish,
  luhn: cardOk,
  iban: ibanOk,
  ipv4: ipv4Ok,
  ipv6: ipv6Ok,
  ssn: ssnOk,
  phone: phoneOk,
  basic: basicOk,
  latlon: latLonOk,
};

// ---------------------------------------------------------------------------------------------
// Key tokens

const tokenCache = new Map<string, string[]>();

/**
 * The cells of one CSV line in [from, to), as start/end offsets without quotes and surrounding blanks;
 * a quoted cell may hold the separator and doubled quotes.
 */
function csvCells(text: string, from: number, to: number, sep: string): number[] {
  const cells: number[] = [];
  let i = from;
  if (to > from && text.charCodeAt(to - 1) === 13) to--;
  for (;;) {
    while (i < to && (text[i] === ' ' || text[i] === '\t') && text[i] !== sep) i++;
    let s = i;
    let e: number;
    if (text[i] === '"') {
      s = i + 1;
      let j = s;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0 || q >= to) return [];
        if (text[q + 1] === '"') {
          j = q + 2;
          continue;
        }
        e = q;
        break;
      }
      i = e + 1;
      while (i < to && text[i] !== sep) i++;
    } else {
      while (i < to && text[i] !== sep) i++;
      e = i;
      while (e > s && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
    }
    cells.push(s, e);
    if (i >= to) return cells;
    i++; // past the separator
  }
}

/** The singular of an English plural key word (`phones`, `addresses`, `cities`), or undefined. */
function singularOf(w: string): string | undefined {
  if (w.length < 4 || !w.endsWith('s') || /(?:ss|us|is)$/.test(w)) return undefined;
  if (w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (/(?:sses|xes|ches|shes|zes)$/.test(w)) return w.slice(0, -2);
  return w.slice(0, -1);
}

/** `dateOfBirth` → [date, of, birth]; `http.request.header.x-api-key` → [http, request, header, x, api, key]. */
export function keyTokens(key: string): string[] {
  let t = tokenCache.get(key);
  if (t) return t;
  t = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u) // keys in any script (`姓名`, `телефон`)
    .filter((x) => x.length > 0);
  if (tokenCache.size > 5000) tokenCache.clear();
  tokenCache.set(key, t);
  return t;
}

// ---------------------------------------------------------------------------------------------
// Free-text building blocks (JS only: Unicode classes)

// a lower-case letter, or a combining mark (names in decomposed form: `Pavlovic\u0301`)
const LL = "(?:[\\p{Ll}\\p{M}'’]|%C3%[89AB][0-9A-F])";
// `O'Neil`, `D'Angelo`, `McDonald`, `MacLeod`, double-barrelled `Dupont-Moretti`, `Smith-O'Hara`
const W = `(?:\\p{Lu}\\p{Ll}?['’]|Ma?c)?\\p{Lu}${LL}+(?:-(?:\\p{Lu}['’]|Ma?c)?\\p{Lu}?${LL}+)*`;
const PARTICLE = "(?:(?:van|von|de|der|den|da|di|du|del|della|le|la|dos|das|ten|ter|bin|al|el|St\\.?|Mac|Mc)\\s+)";
const SEP = '(?:[ \\t]+|\\+|%20)';
const FULL_NAME = `${W}(?:${SEP}(?:\\p{Lu}\\.?${SEP})?${PARTICLE}{0,2}${W}){1,3}`;
const NAME_CUE =
  "(?:\\b(?:for|to|customer|buyer|recipient|by|from|says|said|told|asked|including|starring|featuring|met|meet|invited|hired|married|introduced|interviewed|thanked|visited|Dear|Hi|Hello|Hey|named|name is|holder|Mr\\.?|Mrs\\.?|Ms\\.?|Miss|Dr\\.?|Mx\\.?|Prof\\.?|Herr|Frau|Mme\\.?|M\\.|Sr\\.?|Sra\\.?|contact|signed|cardholder|attn:?|c/o|with|user|Customer|Buyer|Recipient|Name|ShipTo|BillTo|Kunde|Kundin|client|cliente|Cliente|Herrn|an|naar|para|für|pour|per|von|van|da|door|par|bei|chez|[Ee]nvío a|[Ee]ntrega a|[Cc]onsegna a|[Ss]pedizione a|[Ee]nvoi à|[Ll]ivraison à|[Ww]ysyłka do|[Ww]ysłan[aeoy] do|[Ss]endt til|[Ss]kickad till|[Ss]kickat till|[Ll]ähetetty|[Oo]deslán[ao]?|[Zz]asláno|[Ll]everans till|[Ll]evering aan|dla|till|aan|zu|enviado a|enviada a|envoyée? à|expédiée? à|livrée? à|spedit[oa] a|Sig\\.?|Sig\\.ra|Mlle|Empfänger|destinataire|destinatario|destinatário|klant|Klant|titular|Titular|Inhaber|Inhaberin|Dhr\\.?|Mevr\\.?|Sta\\.?|Srta\\.?|Dra\\.?|Dña\\.?|Doña|Dª|Khách hàng|Người nhận|Müşteri|Alıcı|Pelanggan|Penerima|Ing\\.?|Dott\\.?|Dott\\.ssa|Avv\\.?|Lic\\.?|MUDr\\.?|JUDr\\.?|PhDr\\.?|RNDr\\.?|Mgr\\.?|Bc\\.?|Odbiorca|Nadawca|Klient|Příjemce|Zákazník|Mottagare|Kund|Modtager|Mottaker|Vastaanottaja|Asiakas|Címzett|Vevő)\\s*[:=]?\\s*|\\b(?:q|query|search|name|fullName|full_name)=" +
  // Cyrillic and Greek cue words (`\\b` is ASCII: the boundary is a non-letter before them)
  "|(?:^|[^\\p{L}])(?:для|от|[Кк]лиент[аеу]?|[Пп]олучател[ьяю]|[Пп]окупател[ьяю]|[Зз]аказчик[аеу]?|[Гг]осподин[ау]?|[Гг]-н|[Гг]-жа|για|[Ππ]ελάτη[ςν]?|[Ππ]αραλήπτη[ςν]?|από|[Κκ]ύριο[ςυ]?|[Κκ]υρία)\\s*[:=]?\\s*)";
const NAME_RE = new RegExp(`${NAME_CUE}(${FULL_NAME})`, 'gu');
/** Spanish `D.` (don) before a full name, taken after a lower-case word only (`enviado a D. José Luis`; not `Plan D. Review Board`). */
const DON_NAME_RE = new RegExp(`\\bD\\.[ \\t]+(${FULL_NAME})`, 'gu');
const LOWER_LETTER = /\p{Ll}/u;
/**
 * `Last, First` after a name cue (`by Müller, Anna`): from each comma, a lexicon first name after it, a
 * capitalised word before it, then the cue before that.
 */
const FIRST_AFTER_COMMA = new RegExp(`[ \\t]+(${W})(?:[^\\p{L}\\p{N}_]|$)`, 'uy');
const LAST_BEFORE_COMMA = new RegExp(`(?:^|[^\\p{L}'’-])(${W})$`, 'u');
const NAME_CUE_BEFORE = new RegExp(`${NAME_CUE}$`, 'u');
/**
 * A person's role before capitalised words (`Driver Ahmed Hassan`, `Assignee: Hiroshi Tanaka`): weaker than NAME_CUE
 * (`Seller Central Europe`, `Agent Smith Protocol`), so taken only when the first word is a lexicon first name or the last a lexicon last name.
 */
const ROLE_CUE_NAME_RE = new RegExp(`\\b(?:[Oo]wner|[Dd]river|[Cc]ourier|[Aa]gent|[Ss]eller|[Mm]ember|[Ee]mployee|[Aa]pplicant|[Tt]enant|[Ll]andlord|[Ss]tudent|[Pp]atient|[Gg]uest|[Pp]assenger|[Tt]ravell?er|[Ss]igner|[Aa]ssignee|[Rr]eviewer|[Aa]pprover|[Rr]equester|[Rr]eporter|[Ss]ender|[Pp]ayer|[Pp]ayee|[Cc]onsignee|[Bb]eneficiary|[Ee]mpleado|[Mm]itarbeiter(?:in)?|[Ff]ahrer(?:in)?|[Cc]onductor|[Aa]utista)[ \\t]*[:=]?[ \\t]*(${FULL_NAME})`, 'gu');
/** The end of a name word: not followed by a letter, digit or underscore (`\\b` is ASCII-only: it would end `José` at `Jos`). */
const NAME_END = '(?:[^\\p{L}\\p{N}_]|$)';
const SINGLE_NAME_RE = new RegExp(`\\b(?:[Mm]y name is|I am|I'm|[Dd]ear|Hi|Hello|Hey|named|called|[Tt]hanks?|[Cc]heers|[Ll]ove|from)[ ,]+(${W})${NAME_END}`, 'gu');
// a title and one capitalised word: `Mr. Leiva`, `Frau Becker` (two or more words are NAME_RE's)
const HONORIFIC_NAME_RE = new RegExp(`\\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Mme|Mlle|Sra?|Srta|Herrn?|Frau|Miss|Monsieur|Madame|Mademoiselle|Señora?|Señorita|Signora?|Signorina|Sig|Dhr|Mevr|Fru|Hr|Pani|Dña|Doña|Dª|Sr\\.ª|Sig\\.ra)\\.?[ \\t]+(${W})${NAME_END}`, 'gu');
// a coordinated list of single capitalised words (`Eklund, Michael and Hodge`, `Marrero and Murphy`):
// names when one of them is a first or last name of the lexicon and none is a stop word
const NAME_LIST_RE = new RegExp(`(?:^|[^\\p{L}'’-])(${W}(?:,[ \\t]+${W}){0,8},?[ \\t]+(?:and|&|und|et|y|e|och|og|en|oraz)[ \\t]+${W})`, 'gu');
const NAME_LIST_HINT = /[ \t](?:and|&|und|et|y|e|och|og|en|oraz)[ \t]+\p{Lu}/u;
const NAME_LIST_SPLIT = /,?[ \t]+(?:and|&|und|et|y|e|och|og|en|oraz)[ \t]+|,[ \t]+/;
// `… name is Clark`, `What's your name? Vilma Holm`: up to three capitalised words after the cue
const NAME_IS_RE = new RegExp(`\\b[Nn]ame(?:[ \\t]+is|\\?)[ \\t]+(${W}(?:[ \\t]+(?:\\p{Lu}\\.?[ \\t]+)?${W}){0,2})`, 'gu');
// a known first name as the subject of a verb: `Megan lives …`, `Asya spent …`, `Catherine is …`
// is/was/has/had only after a first name that is not also a word of software logs (`Grant was revoked`, `Travis is green`)
const FIRST_NAME_AUX_AFTER = /^[ \t]+(?:is|was|has|had)\b/;
const AMBIGUOUS_FIRST = new Set(['grant', 'chase', 'mark', 'jack', 'pat', 'don', 'sue', 'travis', 'alexa', 'amber', 'victor', 'sterling', 'jenkins', 'max', 'ray', 'dean', 'rich', 'guy', 'art', 'bob', 'ken', 'nick', 'penny', 'sandy', 'rusty', 'cliff', 'gene', 'lance', 'wade', 'drew', 'bud', 'buck', 'dash', 'ginger', 'holly', 'ivy', 'jade', 'pearl', 'ruby', 'crystal', 'faith', 'hope', 'joy', 'grace', 'destiny', 'harmony', 'melody', 'serenity', 'trinity', 'unity', 'chance', 'major', 'king', 'prince', 'duke', 'earl', 'baron', 'rocky', 'storm', 'river', 'forest', 'sky', 'star', 'sunny', 'misty', 'dusty', 'angel', 'april', 'june', 'may', 'august', 'autumn', 'winter', 'summer', 'spring', 'dawn', 'eve', 'noel', 'carol', 'robin', 'jay', 'wren', 'lark', 'finch', 'hawk', 'fox', 'wolf', 'bear']);
const FIRST_NAME_VERB_AFTER = /^[ \t]+(?:lives|lived|spent|said|says|went|goes|works|worked|wants|wanted|told|asked|gave|wrote|called|began|shouted|replied|thinks|thought|loves|likes|left|moved|joined|paid|ordered|bought|sent|received)\b/;
// two or three capitalised words as the subject of a verb only people do: `Lotta Häber complained …`
const NAME_SUBJECT_RE = new RegExp(`(?:^|[.;:!?]\\s+|\\n)(${W}(?:[ \\t]+(?:\\p{Lu}\\.?[ \\t]+)?${PARTICLE}{0,2}${W}){1,2})[ \\t]+(?:said|says|asked|wrote|writes|complained|complains|told|replied|explained|mentioned|claimed|claims|emailed|phoned|insisted|apologi[sz]ed|thanked|admitted|promised|lives|lived)\\b`, 'gu');
// a generational suffix after a name: `Kevin Veitonen II`, `John Smith Jr.`
const NAME_SUFFIX = /(,?[ \t]+(?:Jr\.?|Sr\.?|II|III|IV|Ph\.?[Dd]\.?|MD|DDS|DVM|Esq\.?))(?:[^\p{L}\d]|$)/uy;
// a suffix word taken as the last word of a name (`… Lindström Sr`): left to NAME_SUFFIX
const SUFFIX_WORD = /^(?:Jr|Sr|II|III|IV|Ph\.?[Dd]?|MD|DDS|DVM|Esq)\.?$/;
const LEX_WORD_RE = /(?:^|[^A-Za-z0-9_À-ÖØ-öø-ž])([A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ][a-zß-öø-ÿā-žǎ-ǰ'’]+(?:-[A-ZÀ-ÖØ-Þa-zß-öø-ÿ][a-zß-öø-ÿā-ž'’]+)*)/g;
const LEFT_WORD_RE = new RegExp(`(?:^|[^\\p{L}'’-])(${W})(?:[ \\t]+\\p{Lu}\\.?)?[ \\t]+${PARTICLE}?$`, 'u');
const RIGHT_WORD_RE = new RegExp(`(?:[ \\t]+(?:\\p{Lu}\\.?[ \\t]+)?${PARTICLE}?)(${W})`, 'yu');
const SINGLE_CUE_BEFORE = /(?:^|[^\p{L}])(?:by|to|from|with|for|and|or|told|thank|thanks|dear|hi|hello|hey|named|called|under|neighbou?r|husband|wife|son|daughter|friend|mr|mrs|ms|dr|is|am|was|me|ask|asked|tell|contact|love|xx|cheers|regards)[.,]?\s+$/iu;

interface NameLexicon {
  first: Set<string>;
  last: Set<string>;
}
let lexicon: NameLexicon | null | undefined;
type Nlp = (text: string) => { people(): { json(o: { offset: boolean }): unknown } };
let nlpFn: Nlp | null | undefined;
function nlpModule(): Nlp | null {
  if (nlpFn !== undefined) return nlpFn;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    nlpFn = require('compromise') as Nlp;
  } catch {
    nlpFn = null;
  }
  return nlpFn;
}
const PROSE_FIELD = /(?:^|[._-])(?:message|msg|body|text|comment|comments|note|notes|description|feedback|review|answer|content|presidio)/i;
const PROSE = /\p{Ll}{2,}[ \t]+\p{Ll}{2,}[ \t]+\p{Ll}{2,}/u;
/**
 * First and last names from the lexicon that the `compromise` NLP library ships (a general English
 * lexicon, not the corpus generator's lists). Loaded once, on first use; without the package,
 * names are found by cue words alone.
 */
export function nameLexicon(): NameLexicon | null {
  if (lexicon !== undefined) return lexicon;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nlp = require('compromise/two') as { model(): { one: { lexicon: Record<string, string | string[]> } } };
    const first = new Set<string>();
    const last = new Set<string>();
    for (const [w, t] of Object.entries(nlp.model().one.lexicon)) {
      const tags = Array.isArray(t) ? t : [t];
      if (tags.some((x) => x === 'FirstName' || x === 'MaleName' || x === 'FemaleName' || x === 'Person')) first.add(w);
      if (tags.includes('LastName')) last.add(w);
    }
    lexicon = { first, last };
  } catch {
    lexicon = null;
  }
  return lexicon;
}

const NAME_STOP = new Set(
  (
    'The This That These Those There Here What When Where Which While Who Why How Order Orders Payment Request Error Invalid ' +
    'Amazon Prime Seller Buyer Customer User Account Service Server Client Admin System Please Thank Thanks Your You Our We They It ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October ' +
    'November December Mon Tue Wed Thu Fri Sat Sun Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Inc Ltd LLC GmbH Corp Company ' +
    'Street Avenue Road Bearer Basic Token Key Secret Password Email Phone Address Name Gift Message Refund Invoice Card IBAN SSN DOB ' +
    'Delivery Shipping Billing Team Support Department Office Group Bank University Hospital School Church Hotel Airport Station ' +
    'North South East West New Old Saint San Santa Los Las Fort Mount Lake Port Happy Merry Best Birthday Christmas Congratulations ' +
    'Good Dear Hi Hello Hey Yes No Not None Null True False Update Create Delete Get Post Put Set Sending Failed Success Ok OK ' +
    'Google Apple Microsoft Facebook Twitter Android Windows Linux Chrome Firefox Safari AWS ' +
    'Alles Gute Frohe Weihnachten Joyeux Bon Feliz Buon Happy Geburtstag Anniversaire Herr Herrn Frau Mr Mrs Ms Miss Dr Prof Mme Mlle Sr Sra Sig ' +
    'Monsieur Madame Mademoiselle Señor Señora Señorita Signor Signora Signorina Dhr Mevr Fru Hr Pani Sir Sirs Madam ' +
    // statuses (`from Pending to Shipped`)
    'Pending Shipped Unshipped Delivered Cancelled Canceled Active Inactive Open Closed Completed Complete Processing Failed Approved Rejected Draft Unknown Returned Refunded Paid Unpaid Partial Enabled Disabled Started Stopped Running Queued Waiting Ready Done Succeeded Accepted Declined Expired Suspended Archived Deleted Created Updated Verified Unverified Blocked Locked Unlocked Available Unavailable Online Offline Healthy Unhealthy Degraded ' +
    'Tel Tél Phone Fax Mobile Email E-mail Mail Telefon Teléfono Telefono Handy Flat Apt Suite Unit Floor ' +
    'Center Centre Warehouse Service Services Group Processor Worker Job Jobs Queue Pipeline Gateway Manager Handler Cluster Store Shop ' +
    'Market Api Portal Platform Cloud Engine Agent Bot Systems Solutions Technologies Labs Corporation Holdings Partners Logistics ' +
    'Fulfillment Express Ground Hub Dock Building Scheduler Generator Report Reports Dashboard Console Admin Worker Consumer Producer ' +
    'Stream Topic Bucket Table Index Cache Database Pool Proxy Router Controller Module Plugin Extension Package Library Framework ' +
    'Kunde Kundin Cliente Client Klant Empfänger Destinataire Destinatario Titular Inhaber Inhaberin Gast Patient Patientin Benutzer Nutzer ' +
    'Usuario Utilisateur Utente Gebruiker Käufer Verkäufer Comprador Acheteur Acquirente'
  ).split(' '),
);

const STREET_SUFFIX =
  'Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Boulevard|Blvd|Way|Place|Pl|Circle|Cir|Terrace|Ter|Parkway|Pkwy|' +
  'Highway|Hwy|Square|Sq|Trail|Trl|Heights|Hts|Station|Sta|Crossing|Xing|Loop|Row|Close|Crescent|Cres|Gardens|Gdns|Grove|' +
  'Hill|Hills|Park|Path|Pike|Plaza|Point|Pt|Ridge|Run|Walk|Alley|Expressway|Freeway|Junction|Mews|Mall|Green|View|Vista|' +
  'Valley|Village|Pines|Meadows?|Harbou?r|Port|Estates?|Fields?|Forest|Glens?|Hollow|Knolls?|Lakes?|Landing|Manor|Mills?|' +
  'Oval|Pass|Shores?|Springs?|Summit|Throughway|Turnpike|Union|Villa|Wells?|Wharf|Creek|Cove|Dale|Extension|Falls|Ferry|' +
  'Flats?|Ford|Forks?|Fort|Gateway|Haven|Island|Isle|Lodge|Motorway|Orchard|Plains?|Prairie|Ranch|Rapids|Route|Spur|' +
  'Stream|Track|Tunnel|Via|Bypass|Camp|Canyon|Cape|Causeway|Cent(?:er|re)|Club|Commons?|Corners?|Course|Curve|Mission|' +
  'Mount|Mountain|River|Ville|Ways|Wall|Parade|Esplanade|Quay|Rise|Approach|Broadway|Embankment|Bridge|Brook|Burg|' +
  'Bluffs?|Branch|Crest|Drives|Garden|Keys?|Light|Locks|Neck|Overpass|Radial|Rest|Roads|Shoal|Skyway|Squares|Streets|' +
  'Trafficway|Underpass|Viaduct|Wynd|Chase|Yard|Yards|Gate|Hall|End|Side|Bank|Common|Cross|Fold|Ride|Ridgeway|Rowe?|' +
  'Brow|Croft|Drove|Grange|Lea|Leys|Mead|Nook|Paddock|Pastures|Shaw|Spinney|Vale|Woods?|Wharf|Meadow';
const DE_STREET = 'stra(?:ß|ss)e|str\\.|weg|gasse|platz|allee|damm|dijk|singel|steeg|hof|ufer|steig|pfad|chaussee|markt|gracht|straat|laan|plein|kade|vej|gade|gatan|vägen|veien|gata|tie|katu|utca|út|tér|körút|köz|sétány|fasor|rakpart';
const ROMANCE_STREET_LC =
  'rue|avenue|av\\.|boulevard|bd|place|passage|allée|allee|chemin|impasse|quai|cours|route|square|rond-point|via|viale|' +
  'piazza|piazzale|corso|vicolo|largo|strada|borgo|contrada|calle|avenida|av\\.|plaza|paseo|carrer|camino|carretera|ronda|rua|travessa|praça|estrada|alameda|rodovia|ul\\.|ulica|aleja|al\\.|plac|os\\.|' +
  'c\\/|partida|glorieta|travesía|pasaje|cuesta|subida|ramal|bajada|vereda|calleja|callejón|polígono|urbanización|rambla|barrio|parque|bulw\\.|wyb\\.|skwer|rondo|szosa|droga|pl\\.';
const ROMANCE_STREET = ROMANCE_STREET_LC.split('|').map((w) => `[${w[0]!.toUpperCase()}${w[0]}]${w.slice(1)}`).join('|');
const ADDR_US = `\\b\\d{1,6}[A-Za-z]?\\s+(?:[NSEW]\\.?\\s+)?(?:(?:${W}|\\d{1,3}(?:st|nd|rd|th))\\s+){1,4}(?:${STREET_SUFFIX})\\b\\.?(?:[ \\t]+(?:N|S|E|W|NE|NW|SE|SW)\\b)?`;
/**
 * Street types written as a separate lower-case word after the name. Nordic ones follow a genitive
 * (`Karl Johans gate 1`, `Rolfsens vei 187`): the word before must end in s, so `Dock gate 4` stays;
 * Slavic ones follow an adjective (`Václavské náměstí 1`, `Gosposka ulica 47`).
 */
const NORDIC_WORD_STREET = 'gate|gata|gaten|vei|veien|veg|vegen|vej|allé|plass|plads|torg|torget|stræde';
const SLAVIC_WORD_STREET = 'náměstí|nám\\.|třída|nábřeží|ulice|námestie|nábrežie|cesta|ulica|trg|u\\.';
const ADDR_DE = `(?:\\b(?:${W}[ ]){0,2}\\p{Lu}[\\p{Ll}'’-]*s[ ](?:${NORDIC_WORD_STREET})|\\b(?:${W}[ ]){1,3}(?:${SLAVIC_WORD_STREET})|\\b(?:${W}[- ]){0,3}\\p{L}*(?:${DE_STREET})|\\b(?:${W}[-\\s]+){0,3}(?:Straße|Strasse|Str\\.|Weg|Gasse|Platz|Allee|Ring|Damm))\\s+\\d{1,5}(?:\\s?[a-zA-Z]\\b|-[A-Za-z0-9]{1,3}\\b)?\\b`;
const ADDR_ROMANCE = `\\b\\d{1,5}(?:\\s?(?:bis|ter|[A-Za-z]))?,?\\s+(?:${ROMANCE_STREET})\\s+(?:(?:de la|de l'|de|du|des|la|le|l'|d'|del|della|di|da|dos|das|do)\\s*)*\\p{L}[\\p{L}'’-]*(?:\\s+\\p{Lu}[\\p{L}'’-]*){0,4}`;
const ADDR_ROMANCE2 = `\\b(?:${ROMANCE_STREET})\\s+(?:(?:de la|de l'|de|du|des|la|le|l'|d'|del|della|di|da|dos|das|do)\\s*)*\\p{Lu}[\\p{L}'’-]*(?:\\s+\\p{Lu}[\\p{L}'’-]*){0,4},?\\s+(?:\\d{1,5}[a-zA-Z]?\\b|s\\/n\\.?)`;
const ADDR_POBOX = '\\b(?:P\\.?[ ]?O\\.?[ ]?Box|PO Box|Post(?:fach| Office Box)|Apartado(?: de [Cc]orreos)?|Boîte [Pp]ostale|Casella [Pp]ostale|Caixa [Pp]ostal|(?:PSC|CMR|Unit)[ ]\\d{3,5},?[ ]Box)[ ]?\\d{1,6}(?:(?:,?[ ]|\\n[ \\t]*)(?:APO|FPO|DPO)[ ](?:AA|AE|AP)[ ]\\d{5})?';
// the same anchors one by one, each behind its own prefilter (most texts need only one, or none)
const ADDR_US_RE = new RegExp(ADDR_US, 'gu');
/** An English street type with the number after it, as in China or Europe (`Nanjing Road 100, Huangpu District`): only before `, City`. */
const ADDR_EN_NUMBER_AFTER_RE = new RegExp(`\\b(?:${W}[ ]){1,3}(?:Road|Street|Avenue|Boulevard)[ ]\\d{1,5}[a-zA-Z]?,[ ]?\\p{Lu}`, 'gu');
/** Japanese addresses in Latin letters: block numbers, then a ward or city (`1-1 Marunouchi, Chiyoda-ku, Tokyo 100-0005`). */
const ADDR_JP_RE = new RegExp(`\\b\\d{1,4}(?:-\\d{1,4}){1,2},?[ ]+(?:${W},?[ ]+){0,2}${W}-(?:ku|shi|cho|machi|gun)\\b(?:,?[ ]+${W})?(?:,?[ ]+\\d{3}-\\d{4}\\b)?`, 'gu');
const ADDR_JP_HINT = /\d-(?:ku|shi|cho|machi|gun)\b|\p{Ll}-(?:ku|shi|cho|machi|gun)\b/u;
const ADDR_DE_RE = new RegExp(ADDR_DE, 'gu');
const ADDR_ROMANCE_RE = new RegExp(`${ADDR_ROMANCE}|${ADDR_ROMANCE2}`, 'gu');
const ADDR_POBOX_RE = new RegExp(ADDR_POBOX, 'gu');
// Street and number without a known suffix ("Koskikatu 25", "4844 Søndergade 52"): accepted only
// when a unit line or a postcode segment follows.
const ADDR_WEAK_RE = new RegExp(`(?:\\b\\d{1,6}[ \\t]+)?(?:${W}[ \\t]+){1,3}\\d{1,5}[a-zA-Z]?\\b`, 'gu');
const ADDR_POSTCODE_NEXT = new RegExp(`(?:\\s*,\\s*|\\s*\\n\\s*,?\\s*)(?:(?:\\d{4,5}(?:-\\d{3,4})?|\\d{4}[ ]?[A-Z]{2}|\\d{2}-\\d{3}|\\d{3}[ ]\\d{2})\\s+${W}|(?:${W}[ \\t-]?){1,3}(?:,?[ \\t]+(?:[A-Z]{2}[ \\t]+)?\\d{4,6}\\b|\\s*\\n))`, 'yu');
const ADDR_CUE_RE =
  /\b(?:[Ll]ives at|[Ll]iving at|[Rr]esides at|[Aa]ddress(?: is)?[ \t]*[:=]|located at|[Rr]eturn (?:it |them )?to|[Ss]end (?:it |them )?to|[Dd]eliver(?:ed|y)? to|[Mm]oved to|[Ss]hip(?:ped)? to|[Ww]ohnt in|[Aa]dresse[ \t]*:|[Dd]irecci[óo]n[ \t]*:|[Ii]ndirizzo[ \t]*:)[ \t]*\n?[ \t]*((?:[^\n?!;"]{3,100})(?:\n[ \t]*(?:[^\n]{2,60}))?(?:\n[ \t]*(?:[^\n]{2,60}))?(?:\n[ \t]*(?:[^\n]{2,60}))?)/g;
const SENTENCE_END = /(?:\p{Ll}{3,}|\d)\.(?:[ \t]+\p{Lu}|[ \t]*$|[ \t]*\n)/u;
const ADDR_WEAK_HINT = /\b(?:Apt|Suite|Unit|Flat|Ste|Apartment|Floor)\b|,[ \t]*(?:\d{4,5}|\d{3}[ ]\d{2}|\d{2}-\d{3})[ \t]+\p{Lu}|\n[ \t]*\p{Lu}\p{Ll}+(?:[ \t]\p{Lu}\p{Ll}+)?[ \t]+\d{4,6}\b/u;
const ADDR_FLAT_TAIL = /[/-]\d{1,4}[a-zA-Z]?\b|,?[ \t]+\d{1,2}[º°ª](?:[ \t]?[A-Za-z]{1,4}\.?)?/y;
const ADDR_STAIR_FLAT = /[ \t]\d{1,3}\b/y;
const isUpperAscii = (c: number): boolean => c >= 65 && c <= 90;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const ADDR_UNIT = /(?:,?\s*|\s+)(?:(?:Suite|Ste|Apt|Apartment|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building|No)\b\.?|#)\s*[\w-]{1,8}/y;
// the small words inside a city's name: Frankfurt am Main, Jablonec nad Jizerou, Vila do Conde, Stratford-upon-Avon
const CITY_PARTICLE = 'am|an|der|im|upon|on|sur|sous|en|le|la|les|de|du|des|do|da|dos|das|del|di|nad|pod|y|i|e|el|los|las';
const ADDR_SEG = new RegExp(
  `(?:\\s*,\\s*|\\s*\\n\\s*,?\\s*|[ \\t]+-[ \\t]+)(?:` +
    `[A-Z]{2,3}\\s+\\d{4,6}(?:-\\d{4})?` + // state + ZIP / postcode (US, AU NSW 2000)
    `|[A-Z]{2}\\s+[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d` + // Canada: ON M5V 2T6
    `|\\d{6}\\b` + // PIN (IN), RU
    `|(?:\\d{4,5}(?:-\\d{3,4})?|\\d{4}\\s?[A-Z]{2}|\\d{2}-\\d{3}|\\d{3}\\s\\d{2})\\s+${W}(?:[\\s-]+(?:(?:${CITY_PARTICLE})[\\s-]+){0,2}${W})*(?:[ \\t]+\\d{1,2}\\b)?` + // postcode + city [+ district] (DE/FR/ES/IT/US, NL 1017 GC, PL 00-238, SE 114 55)
    `|(?:[A-Z]{1,2}\\d[A-Z\\d]?\\s*\\d[A-Z\\d]{2}|[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d)(?:[ \\t]+${W}(?:[\\s-]+(?:(?:${CITY_PARTICLE})[\\s-]+){0,2}${W})*)?` + // UK or Canadian postcode [+ city]
    `|[A-Z]\\d{2}[ ]?[A-Z0-9]{4}\\b` + // Irish Eircode: D02 XY45
    `|\\p{Lu}{3,}(?:[ -]\\p{Lu}{2,}){0,2}(?:,?[ \\t]+\\d{4,6}\\b)?` + // upper-case city
    `|[A-Z]{2}\\b` + // state or region code alone
    `|\\d{5}(?:-\\d{3,4})?` + // ZIP+4, Brazilian CEP
    `|(?:${W})(?:[\\s-]+(?:(?:${CITY_PARTICLE})[\\s-]+){0,2}${W}){0,3}(?:,?\\s+(?:[A-Z]{2,3}\\s+)?\\d{4,6}(?:-\\d{4})?\\b|\\s+[A-Z]{1,2}\\d[A-Z\\d]?\\s*\\d[A-Z\\d]{2}|[ \\t]+\\d{1,2}\\b)?` + // city [+ zip, or a district number: Praha 1, Dublin 2]
    `)`,
  'yu',
);
const LETTER = /\p{L}/u;
const ADDR_LEAD_PARTICLE =
  /(?:^|[\s,:;(])((?:(?:An|Auf|Am|Im|In|Zum|Zur|Unter|Hinter|Vor|Bei|Alte|Neue)[ \t]+(?:de[rmns][ \t]+)?|[Vv]an[ \t]+(?:de[rn]?[ \t]+)?|(?:Náměstí|Nábřeží)[ \t]+(?:U[ \t]+)?|U[ \t]+|K[ \t]+|V[ \t]+|Za[ \t]+|Na[ \t]+|Pod[ \t]+|Nad[ \t]+|Chr\.[ \t]*|Gl\.[ \t]*|Sankt[ \t]+))$/;
const ADDR_LEAD_UNIT = /(?:Flat|Apt\.?|Apartment|Unit|Suite|Ste\.?|Room|Floor|Piso|Étage|Wohnung)\s*[\w-]{1,6},?\s+$/;
const ADDR_SEG_STOP = new Set('Tel Tél Tlf Phone Fax Mobile Email E-mail Mail Telefon Teléfono Telefono Handy Order Invoice Ref Reference Total Amount Status Contact Name Note Notes Customer Buyer Seller For From To Attn Date Time DOB SSN IBAN Card'.split(' '));
const COUNTRY_OR_STATE_ONLY = /^(?:\s*,\s*|\s*\n\s*,?\s*)[A-Z]{2}$/;

const DOB_RE =
  /\b(?:DOB|D\.O\.B\.?|[Dd]ate of [Bb]irth|[Bb]irth ?[Dd]ate|[Bb]irthday|[Bb]orn(?: on)?|[Gg]eb(?:\.|oren)(?: am| den)?|[Gg]eboren op|[Nn]ascid[oa] em|[Nn]at[oa] il|[Nn]ée? le|[Ff]echa de nacimiento|[Dd]ata di nascita|[Dd]ata de nascimento|[Dd]ate de naissance|[Gg]eboortedatum|[Gg]eburtsdatum|[Dd]ata urodzenia|[Ff]ödelsedatum|[Ff]ödd|[Ff]ødselsdato|[Ff]ødt|[Ss]yntymäaika|[Ss]yntynyt|[Dd]atum narození|[Nn]aroze(?:n|na)|[Uu]rodzon[ya]|[Ss]zületési dátum|[Ss]zületett|[Dd]oğum tarihi|[Dd]ata nașterii|[Gg]eburtstag|[Nn]acid[oa] (?:el|em))(?:[ \t]*\([^()\n]{1,20}\))?\s*[:=]?\s*(\d{1,2}(?:st|nd|rd|th)?[ ]of[ ]\p{L}{3,10},?[ ]\d{4}|\d{1,2}[ ]de[ ]\p{L}{3,10}[ ]de[ ]\d{4}|\d{4}\.\d{1,2}\.\d{1,2}\.?|\d{1,2}\.[ ]\d{1,2}\.[ ]\d{4}|\d{1,2}\.?[ ]\p{L}{3,10}\.?[ ]\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{4}\/\d{1,2}\/\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?[ .-]\p{L}{3,10}\.?[ .-]\d{2,4}|\p{L}{3,10}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})/gu;
const GEO_RE =
  /\b(?:[Gg]eocod\w*|[Ll]at(?:itude)?|[Ll]ocation|[Cc]oordinates|[Cc]oords|[Pp]osition|GPS|gps|[Gg]eo|located at|pin)\b[^\n\d-]{0,30}?\(?\s*(-?\d{1,2}\.\d{2,9}\s*,\s*-?\d{1,3}\.\d{2,9})/g;
/** A coordinate pair with degree signs and hemispheres (`52.5200° N, 13.4050° E`, `48°51'29"N 2°17'40"E`): geo without a cue word. */
const DEG = `\\d{1,3}(?:\\.\\d{1,9})?°(?:[ ]?\\d{1,2}(?:\\.\\d{1,6})?['′](?:[ ]?\\d{1,2}(?:\\.\\d{1,6})?(?:"|″|''))?)?[ ]?`;
const GEO_HEMI_RE = new RegExp(`(${DEG}[NS],?[ \\t]*${DEG}[EWO]|\\d{1,2}\\.\\d{3,9}[ ]?[NS],?[ \\t]*\\d{1,3}\\.\\d{3,9}[ ]?[EWO])\\b`, 'g');
/** Decimal degrees with hemisphere letters and no degree sign (`40.7128 N, 74.0060 W`). */
const GEO_HEMI_HINT = /\d[ ]?[NS],?[ \t]*\d/;
/** `lat 40.7128 lng -74.0060`, `latitude: 40.7128; longitude: -74.0060`: both numbers, each range-checked. */
const LAT_LNG_RE = /\b[Ll]at(?:itude)?\b[ \t]*[:=]?[ \t]*(-?\d{1,2}\.\d{3,9})[ \t]*[,;/|]?[ \t]*(?:[Ll]ng|[Ll]on|[Ll]ong|[Ll]ongitude)\b[ \t]*[:=]?[ \t]*(-?\d{1,3}\.\d{3,9})/g;
const PHONE_CUE_RE =
  /\b(?:[Cc]all(?:ed)?(?: me)?(?: on| at)?|[Pp]hone(?: number)?|PHONE|[Tt]el(?:ephone|éfono|efono|efone|efon)?\.?|TEL|[Mm]obile|[Mm]ob\.?|[Cc]ell(?:ular)?|[Ff]ax|FAX|[Dd]esk|SMS(?: to)?|[Tt]ext(?: me)?(?: at| on)?|[Rr]each(?: me)? (?:at|on)|answering (?:at|on)|(?:(?:^|\n)[ \t]*|(?:[Mm]y|[Yy]our|[Hh]is|[Hh]er|[Oo]ur|[Tt]heir|[Tt]he|[Cc]ontact|[Cc]all-?back|[Ee]mergency|[Aa]lternat(?:e|ive)|[Dd]irect|[Ll]andline|[Hh]ome|[Ww]ork|[Oo]ffice|[Cc]ell|[Mm]obile|[Tt]elephone|[Pp]hone|[Ff]ax|SMS|[Ww]hats[Aa]pp)[ \t]+)[Nn]umber(?: is)?|[Hh]andy|[Mm]óvil|[Cc]ellulare|[Pp]ortable|[Rr]ufnummer|[Nn]uméro|[Ww]hats[Aa]pp|[Tt]éléphone|[Cc]ontact(?:ed)?(?: (?:me|us|him|her))?(?: (?:on|at|via))?|[Kk]ontakt|[Tt]él|[Tt]lf|[Pp]uh|[Ll]lam(?:ar|e|a|en)(?: al| a)?|[Cc]hiam(?:are|a|i)(?: al| il| lo)?|[Aa]ppel(?:er|ez|le)(?: au| le)?|[Aa]nrufen(?: unter)?|[Rr]uf(?:en Sie)? an unter|[Bb]el(?: ons| me)?(?: op)?|[Rr]ing(?: me| us)?(?: on| at)|[Ll]igue(?: para)?|[Zz]adzwo[nń]\w*(?: pod)?)\b\.?[ \t]*[:=#]?[ \t]*\n?[ \t]*((?:\+|00)?\(?[0-9][0-9 ().\/-]{4,22}[0-9](?:[ \t]?(?:x|ext\.?)[ \t]?[0-9]{1,5})?)/g;
const PHONE_TRAIL_RE = /(?:^|[^0-9A-Za-z/.])((?:\+|00)?\(?[0-9][0-9 ().\/-]{5,22}[0-9](?:x[0-9]{1,5})?)[ \t]?-?[ \t]?(?:[Oo]ffice|[Ff]ax|[Mm]obile|[Hh]ome|[Ww]ork|[Cc]ell)\b/g;
const DIGIT_RUN = /\d[\d ().\/-]{4,}\d/;
const GEO_AT_RE = /(?:\b(?:at|near|around|to|from)|@)[ \t]*\(?[ \t]*(-?\d{1,2}\.\d{4,9}[ \t]*,[ \t]*-?\d{1,3}\.\d{4,9})\b/g;
const GIFT_RE = /\b[Gg]ift (?:message|note|text)[^"\n]{0,80}?[:=]\s*"([^"\n]+)"/g;
/**
 * A password written in prose: each quoted token after a password word, in the same sentence
 * (`changed password from "OldPass123" to "NewPass456"`); taken only when it looks like one (PASSWORD_PROSE_TOKEN).
 */
const PASSWORD_PROSE_RE = /\b(?:[Pp]assw(?:or)?d|PASSWORD|[Pp]wd|PWD|[Pp]assphrase|[Pp]asswort|[Kk]ennwort|[Cc]ontraseña|[Mm]ot de passe|[Ss]enha|[Ww]achtwoord|[Hh]asło|[Ll]ösenord|[Pp]assord|[Aa]dgangskode|[Ss]alasana|[Hh]eslo|[Jj]elszó)\b((?:[^.!?\n\\]|[.!?]\S|\\[^nr]){0,100})/g;
const PASSWORD_BARE_RE = /^(?:[ \t]*[:=][ \t]*|[ \t]+(?:is|was|ist|est|es|é)[ \t]*:?[ \t]+)([^\s"'“‘«,;]{4,64}?)[.,;:!?)]*(?:$|\s)/;
const PASSWORD_BARE_TOKEN = /\d|[^\p{L}\d]|\p{Ll}.*\p{Lu}/u;
const QUOTED_TOKEN_RE = /["'“‘«]([^"'”’»\s\\]{4,64})\\?["'”’»]/g;
/** The display name of an e-mail address (`Jean Valjean <jv@example.fr>`; the address may already be masked out). */
const DISPLAY_NAME_RE = new RegExp(`(${W}(?:[ \\t]+(?:\\p{Lu}\\.?[ \\t]+)?${W}){1,3})[ \\t]*<(?:[^<>\\s@]+@[^<>\\s]+|\\u0001+)>`, 'gu');
/** A name after a family or personal role (`my kid Mario`, `my neighbour Ana Souza`): no lexicon needed. */
const ROLE_NAME_RE = new RegExp(`\\b[Mm]y[ \\t]+(?:kid|son|daughter|wife|husband|mother|mom|mum|father|dad|brother|sister|friend|boss|colleague|neighbou?r|partner|grandmother|grandfather|grandma|grandpa|granddaughter|grandson|aunt|uncle|cousin|nephew|niece|child|baby|fianc[ée]e?|girlfriend|boyfriend|roommate|flatmate|manager|doctor|lawyer|tenant|landlord|teacher|coworker|co-worker|stepson|stepdaughter|stepmother|stepfather)[ \\t]+(${W}(?:[ \\t]+${W})?)`, 'gu');
/** First name, a middle initial with its dot, last name (`Sari J. Paavolainen`, `Janka M. Szász`). */
const INITIAL_NAME_RE = new RegExp(`(?:^|[^\\p{L}\\d])(${W}[ \\t]+\\p{Lu}\\.[ \\t]+${W})`, 'gu');
/** An initial with its dot between spaces (what INITIAL_NAME_RE needs; a plain scan). */
const INITIAL_HINT = /[ \t]\p{Lu}\.[ \t]/u;
/** Words that take a letter as their name (`Section A. Overview`, `Plan B. Details`): never the first word of INITIAL_NAME_RE. */
const LETTERED = new Set('Section Part Appendix Annex Chapter Figure Fig Table Step Phase Plan Option Item Note Vitamin Type Class Grade Level Block Building Gate Terminal Zone Area Row Unit Suite Floor Room Wing Hall Lot Group Team Model Version Series Article Schedule Exhibit Form Line Route Highway Interstate Division Category Tier Stage Batch Track Channel Sector Ward Bay Door Platform Hangar Dock Aisle Shelf Bin'.split(' '));
/** A name called at the start of a sentence before a question (`Leif, can I please speak to…`). */
const VOCATIVE_RE = new RegExp(`(?:^|[\\n.!?][ \\t]*|"[ \\t]*)(${W}), (?:can|could|would|will|are|did|do|have) (?:I|you|we|u)\\b`, 'gu');
const VOCATIVE_STOP = new Set('Sorry Please Folks Guys Everyone Everybody All Hey Yes No Okay Ok Well So Also Quick Question Friends Colleagues Sir Madam Boss Mom Dad Mum Honey Babe Team Support Admin Agent Operator Alexa Siri Computer Bot Assistant Now Then First Finally Again Seriously Honestly Wait Listen Look Right Great Thanks'.split(' '));
/** Upper-case names after a person role (`Customer: ANDERSON, MICHAEL J`, `cardholder JOHN A DOE`): a lexicon word among them. */
const CAPS_NAME_RE =
  /\b(?:[Cc]ustomer|CUSTOMER|[Bb]uyer|[Rr]ecipient|[Cc]ard ?[Hh]older|CARDHOLDER|[Aa]ccount [Hh]older|[Hh]older|[Pp]assenger|PASSENGER|[Gg]uest|[Pp]atient|[Nn]ame|NAME|[Ss]hip [Tt]o|SHIP TO|[Bb]ill [Tt]o|BILL TO|[Aa]ttn\.?|ATTN|[Bb]eneficiary|[Pp]ayee|[Cc]onsignee|[Cc]lient|[Kk]unde|[Ee]mpfänger|[Dd]estinataire|[Dd]estinatario|[Tt]itular)[ \t]*[:=]?[ \t]*([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+(?:,?[ \t]+(?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+|[A-Z]\.?)){1,3})($|[^\p{L}\d])/gu;
/** The IATA passenger name form SURNAME/GIVEN [TITLE] (`DOE/JOHN MR`): a lexicon word among them. */
const PAX_NAME_RE = /\b([A-Z]{2,}(?:[ -][A-Z]{2,})?\/[A-Z]{2,}(?:[ ][A-Z]{2,})?)(?:[ ](?:MR|MRS|MS|MISS|MSTR|DR|CHD|INF))?\b/g;
/** Upper-case words that are no part of a name. */
const CAPS_STOP = new Set('NOT FOUND NULL NONE UNKNOWN TEST ADMIN USER GUEST ANONYMOUS DEFAULT SYSTEM NA ID VIP NEW OLD THE AND OR FOR OF INC LLC LTD GMBH CORP CO SA AG BV PLC MR MRS MS MISS DR MSTR CHD INF ACCOUNT CARD NUMBER NAME ORDER STATUS PENDING ACTIVE VERIFIED BLOCKED'.split(' '));
const FREE_TEXT_LABEL_RE =
  /\b(?:[Ff]eedback|[Rr]eview|[Ss]urvey answer|[Bb]uyer message|[Cc]ustomer message|[Dd]elivery (?:note|instructions)|(?:[Nn]ote|[Cc]omment|[Mm]essage) from (?:buyer|customer)|(?:[Bb]uyer|[Cc]ustomer|[Oo]rder|[Gg]uest) (?:note|comment|instructions|remarks?))(?:[ \t]+[a-z]{3,12}){0,2}[ \t]*:[ \t]*"([^"\n]{3,1000})"/g;
/** The same labels that only a buyer's own words follow, unquoted: the rest of the line (three words or more). */
const FREE_TEXT_LABEL_BARE_RE =
  /\b(?:[Dd]elivery (?:note|instructions)|(?:[Nn]ote|[Cc]omment|[Mm]essage) from (?:buyer|customer)|(?:[Bb]uyer|[Cc]ustomer) (?:message|note|comment))(?:[ \t]+[a-z]{3,12}){0,2}[ \t]*:[ \t]+([^"\s;|][^"\n;|]{2,999})/g;
const FREE_TEXT_CUE_RE =
  /\b(?:answered by|wrote|writes|commented|review(?:ed)? by|feedback from|note from|message (?:on order \S+ )?from|said|asked)\b[^:\n"]{0,80}:(?:[ \t]*("([^"\n]{3,1000})")|[ \t]+([^"\n]{3,1000}))/g;

// ---------------------------------------------------------------------------------------------

const NOT_A_PASSWORD_BEFORE = /\b(?:for|user|username|account|login|of|by|from user)[ \t]*[:=]?[ \t]*$/i;
/** Two upper-case letters in a row (what PAX_NAME_RE needs). */
const CAPS_PAIR = /[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ]/;
/** An upper-case word, then a space (or a comma) and a capital: what CAPS_NAME_RE needs after its role word. */
const CAPS_WORDS = /[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+,?[ \t]+[A-ZÀ-ÖØ-Þ]/;
/** A quoted token that looks like a password: a digit or a symbol in it, or upper and lower case letters. */
const PASSWORD_PROSE_TOKEN = /\d|[^\p{L}\d]|\p{Lu}.*\p{Ll}|\p{Ll}.*\p{Lu}/u;
const REDACTED_MARK = /^(?:[*•#]+|[xX]{3,})?(?:redacted|filtered|hidden|masked|removed|scrubbed|omitted|secret|private|sensitive|censored|pii)?(?::[\w-]+)?(?:[*•#]+|[xX]{3,})?$|^hmac:[0-9a-f]{32}$/i;
const LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
const LOCAL_START = /[\p{L}\p{N}]/u;
/** LOCAL_CHAR and LOCAL_START with an ASCII table first (the regex only for other characters). */
const ASCII_LOCAL = new Uint8Array(128); // 1: may be in a local part, 2: may also start it
for (let c = 48; c <= 57; c++) ASCII_LOCAL[c] = 2;
for (let c = 65; c <= 90; c++) ASCII_LOCAL[c] = ASCII_LOCAL[c + 32] = 2;
for (const ch of '._%+-') ASCII_LOCAL[ch.charCodeAt(0)] = 1;
function localChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? ASCII_LOCAL[c]! > 0 : LOCAL_CHAR.test(text[i]!);
}
function localStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? ASCII_LOCAL[c] === 2 : LOCAL_START.test(text[i]!);
}
// internationalised domains too (`münchen.de`, `例え.jp`)
const DOMAIN_RE = /[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?)*\.(?:[A-Za-z]{2,24}\b|\p{L}{2,24})/uy;
const JWT_STICKY = /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/y;
const TOKEN_RUN = /[A-Za-z0-9_-]+/y;
const SQL_START = /^\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|MERGE|UPSERT|REPLACE|select|insert|update|delete|with|merge|upsert|replace)\b/;
const UPPER_LOWER = /[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]/;
const NAME_HINT = /\p{Lu}(?:[\p{Ll}'’]|%[0-9A-F]{2})+(?:[ \t]+|\+|%20)(?:\p{Lu}\.?[ \t]+|(?:(?:van|von|de|der|den|da|di|du|del|della|le|la|dos|das|ten|ter)[ \t]+){1,2})?\p{Lu}/u;
const ADDR_HINT_A = /\d[a-zA-Z]?,?[ \t\n]+[A-ZÀ-ÞĀ-ſ]/;
const ADDR_HINT_B = new RegExp(`\\d[a-zA-Z]?,?[ \\t]+(?:rue|av|bd|boulevard|cours|ulica|ul\\.|aleja|al\\.|plac|rodovia|place|passage|all|chemin|impasse|quai|cours|route|square|via|viale|piazza|corso|vicolo|largo|strada|borgo|calle|plaza|paseo|carrer|camino|rua|travessa|praça|estrada|alameda)|\\b(?:${ROMANCE_STREET_LC})[ \\t]`);
/** Every street type written after the street's name, as a word or a suffix (NORDIC_WORD_STREET, SLAVIC_WORD_STREET, DE_STREET). */
const STREET_TYPES = `${NORDIC_WORD_STREET}|${SLAVIC_WORD_STREET}|${DE_STREET}|Straße|Str\\.|Weg|road|street|avenue|boulevard`;
export const ADDR_HINT_C = new RegExp(`(?:${STREET_TYPES})[ \\t]+\\d`);
/** The street types of ADDR_HINT_C at the end of a text (the word before a run of spaces and a digit). */
const STREET_TYPE_END = new RegExp(`(?:${STREET_TYPES})$`);
/** A run of spaces or tabs before a digit. */
const SPACES_DIGIT = /[ \t]+\d/g;
/**
 * `ADDR_HINT_C.test(lc)`, answered from the few places where spaces run into a digit: the word that
 * ends before each such run is tested for a street type (the alternation scanned at every position of
 * the text cost more than the runs are many).
 */
export function streetTypeBeforeNumber(lc: string): boolean {
  SPACES_DIGIT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SPACES_DIGIT.exec(lc))) {
    const at = m.index;
    // a run found from inside a longer run of spaces: its start is where the spaces start
    if (at > 0 && (lc.charCodeAt(at - 1) === 32 || lc.charCodeAt(at - 1) === 9)) continue;
    if (STREET_TYPE_END.test(lc.slice(at > 16 ? at - 16 : 0, at))) return true;
  }
  return false;
}
const POBOX_HINT = /Box|Postfach|Apartado|[Pp]ostale|[Pp]ostal /;
const SPACE_DIGIT = /[ \t]\d/;
const XML_RE = /<([A-Za-z_][\w:.-]{0,63})(\s[^<>]{0,500})?>([^<>]+)<\/([A-Za-z_][\w:.-]{0,63})>/g;
const ESC_JSON_RE = /\\"([A-Za-z_$][\w$.-]{0,63})\\"\s*:\s*(?:\\"((?:[^"\\]|\\[^"])*)\\"|(-?[0-9][0-9.eE+-]{0,40}))/g;
const KV_EXTEND: Record<string, RegExp> = {
  phone: /(?:[ ](?:\d[\d-]{1,}|\(\d{1,5}\)))+/y,
  card_number: /(?:[ -]\d{1,4}){1,5}\b/y,
  person_name: /(?:[ ][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+){1,3}/y,
  address: /(?:,?[ ](?:[A-ZÀ-ÖØ-Þ][\p{L}'’.-]*|\d[\w-]*))+/uy,
  iban: /(?:[ ][A-Z0-9]{1,4}){1,8}\b/y,
  // the longitude after a latitude under a location key (`coords: -33.8688,151.2093`)
  geo: /,[ ]?-?\d{1,3}\.\d{1,9}\b/y,
  // `birth: 12 March 1985`, `dob=March 12, 1985`
  date_of_birth: /[ ]\p{L}{3,10}\.?[ ]\d{2,4}\b|,?[ ]\d{1,2}(?:st|nd|rd|th)?,?[ ]\d{4}\b/uy,
};
const KV_RE =
  /(?:^|[\s?&;,(\[{|#])(-{0,2}[A-Za-z_ß-öø-ÿ][A-Za-z0-9_.\-ß-öø-ÿĀ-ž[\]%]{0,63})( ?= ?|: ?| : )("[^"\n]*"|'[^'\n]*'|[^\s&;,"'<>\]|]+)/g;
const YAML_LIST_RE = /(?:^|\n)[ \t]*([A-Za-z_][\w.-]{0,63}):[ \t]*\r?\n((?:[ \t]*- [^\n]*(?:\n|$))+)/g;
/** One scalar item of a YAML block sequence, without its quotes. */
const YAML_ITEM_RE = /[ \t]*- [ \t]*["']?([^\n"']*[^\s"'])["']?[ \t]*\r?(?:\n|$)/y;
/** A header line of three or more identifier columns, comma-, semicolon- or tab-separated, at a line start. */
const CSV_HEADER_RE = /(?:^|\n)((?:[A-Za-z_][\w.-]{0,40}[ \t]?)(?:(?:,|;|\t)[ \t]?[A-Za-z_][\w.-]{0,40}){2,})[ \t]*\r?\n/;
/** The column name that ends before `at` (blanks aside), also quoted (`first_name`, "email", [phone], t.`ssn`); '' when none. */
function sqlColumnBefore(text: string, at: number): string {
  let e = at;
  while (e > 0 && (text[e - 1] === ' ' || text[e - 1] === '\t' || text[e - 1] === '\n')) e--;
  let b = e;
  while (b > 0 && b > e - 64 && SQL_COLUMN_CHAR.test(text[b - 1]!)) b--;
  return b === e ? '' : text.slice(b, e).replace(/[`"[\]]/g, '').split('.').pop()!;
}
const SQL_COLUMN_CHAR = /[\w.`"[\]]/;

/** A multipart part: its name, then after a blank line (real or escaped CRLFs) its value up to the line end. */
const MULTIPART_RE = /form-data;[ \t]*name=\\?"([^"\\\r\n]{1,64})\\?"[^\r\n\\]{0,200}(?:\r?\n\r?\n|(?:\\r)?\\n(?:\\r)?\\n)([^\r\n\\]{1,1000})/g;
const SQL_OP_RE = /(?:=|<>|!=|\b(?:I?LIKE|i?like)\b)\s*'((?:[^']|'')*)'/g;
const SQL_IN_RE = /\s(?:NOT\s+|not\s+)?(?:IN|in)\s*\(/g;
const SQL_IN_ITEM = /\s*'((?:[^']|''){0,200})'\s*(,|\))/y;
const SQL_INSERT_RE = /\bINSERT\s+INTO\s+[\w."`\[\]]{1,128}\s*\(([^)]+)\)\s*VALUES\s*/gi;
const SQL_VALUE_TOKEN = /\s*('(?:[^']|'')*'|[A-Za-z_][\w.]*\s*\([^()]{0,200}\)|[^,()']{1,200})\s*(,|\))/y;
// ---------------------------------------------------------------------------------------------
// Scripts without letter case (Han, kana, Hangul, Arabic, Hebrew, Thai) and Greek: a name, phone or address after its label.
// A name there has no capital to find it by, so only a labelled one is taken, and only a word of a name's length.

/** Some character beyond Latin (U+0370 and up): the gate of the rules below (a native scan, ~0.5 ns per character). */
const BEYOND_LATIN = /[^\u0000-\u036F]/;
const HAN = '\u3400-\u4DBF\u4E00-\u9FFF';
const HANGUL = '\uAC00-\uD7AF';
const ARABIC_L = '\u0620-\u064A\u066E-\u06D3';
const HEBREW_L = '\u05D0-\u05EA';
const THAI_L = '\u0E01-\u0E4E';
/** A name after a customer or name label with its colon (`客户 不存在`, `العميل غير موجود` without one are sentences, not names). */
const SCRIPT_NAME_RE = new RegExp(
  '(?:客户|客戶|顾客|顧客|收件人|收货人|收貨人|联系人|聯絡人|姓名|お客様|顧客名|受取人|氏名|고객명|고객|수령인|받는 ?분|이름|العميل|الزبون|المستلم|الاسم|לקוח|נמען|ลูกค้า|ผู้รับ|ชื่อ)[ \\t]*[:：][ \\t]*' +
    `([${HAN}]{2,4}|[${HANGUL}]{2,4}|[${ARABIC_L}]{2,}(?:[ ][${ARABIC_L}]{2,}){1,2}|[${HEBREW_L}]{2,}(?:[ ][${HEBREW_L}]{2,}){1,2}|[${THAI_L}]{2,}(?:[ ][${THAI_L}]{2,})?)(?:[^${HAN}${HANGUL}${ARABIC_L}${HEBREW_L}${THAI_L}]|$)`,
  'g',
);
/** A name before an honorific that follows it: Japanese `山田太郎様`, Chinese `王先生`, Korean `김민준 님`. */
const SCRIPT_HONORIFIC_RE = new RegExp(`(?:^|[^${HAN}])([${HAN}]{2,4})(?:様|さん|殿)|(?:^|[^${HAN}])([${HAN}]{1,3})(?:先生|女士|小姐)|(?:^|[^${HANGUL}])([${HANGUL}]{2,4})[ ]?(?:님|씨)`, 'g');
/** Words an honorific also follows that are no names (`고객님`: dear customer). */
const SCRIPT_HONORIFIC_STOP = new Set(['고객', '회원', '사용자', '관리자', '여러분', '담당자', '선생', '학생', '皆', '客']);
const SCRIPT_PHONE_RE =
  /(?:电话号码|电话|電話番号|電話|手机|手機|携帯|전화번호|전화|휴대폰|연락처|τηλέφωνο|τηλ\.?|κιν\.?|الهاتف|هاتف|جوال|טלפון|נייד|โทรศัพท์|โทร\.?|[Đđ]iện thoại|SĐT)[ \t]*[:：=]?[ \t]*((?:\+|00)?\(?[0-9][0-9 ().\/-]{4,22}[0-9])/g;
const SCRIPT_ADDRESS_RE =
  /(?:收货地址|收貨地址|地址|住所|주소|[Аа]дрес|[Δδ]ιεύθυνση|العنوان|عنوان|כתובת|ที่อยู่|[Đđ]ịa chỉ)[ \t]*[:：]?[ \t]*([^\n;|，、]{4,120})/g;
/** Where a value under an address label ends: before a phone or e-mail label after a comma. */
const ADDRESS_VALUE_END = /,[ \t]*(?:тел|τηλ|[Tt]el|SĐT|[Đđ]iện|[Ee]-?mail|[Pp]hone|هاتف|טלפון|โทร)/;

/** The next `Label:` of a line of labelled fields, after a comma, semicolon or bar. */
const NEXT_LABEL_RE = /[ \t]*[,;|][ \t]*\p{L}[\p{L}\p{M}' -]{0,30}[ \t]*:[ \t]/u;
const HEADER_LINE_RE = /(?:^|\n)[ \t]*([A-Za-z][A-Za-z0-9-]{1,63})[ \t]*:[ \t]*([^\r\n]+)/g;
const COOKIE_PAIR_RE = /\s*([^=;,\s"]{1,256})=(\\?")?([^;,"\\\r\n]*)(\\?")?\s*(;|,|$)/y;
const COOKIE_ATTRS = new Set(['path', 'domain', 'expires', 'max-age', 'secure', 'httponly', 'samesite', 'priority', 'partitioned', 'version', 'comment']);

export class Engine {
  private readonly detectors: CompiledDetector[];
  private readonly strongDetectors: CompiledDetector[];
  private readonly weakDetectors: CompiledDetector[];
  private readonly byLast = new Map<string, IndexedRule[]>();
  private readonly safe = new Set<string>();
  private readonly safeByLast = new Map<string, string[][]>();
  private readonly redacted: RegExp;
  private readonly keyCache = new Map<string, KeyEntry>();
  private readonly strongRules = new Map<string, KeyRule>();
  /** STRONG_LITERALS' bits (lo, hi) and CUE_WORDS' bits of the text the strong pass last scanned (WordSets.findBoth). */
  private readonly literalBits = new Int32Array(3);

  constructor(readonly policy: Policy) {
    this.detectors = policy.detectors
      .filter((d) => d.enabled !== false)
      .map((d) => ({
        rule: d,
        re: new RegExp(d.pattern, 'g' + (d.flags ?? '').replace(/[^ius]/g, '')),
        group: d.group ?? 0,
        prio: d.priority ?? 50,
        weak: WEAK.has(d.id),
        vendor: VENDOR.has(d.id),
        hint: HINTS[d.id],
        literal: !WEAK.has(d.id) && STRONG_NEED.has(d.id),
        needLo: STRONG_NEED.get(d.id)?.[0] ?? 0,
        needHi: STRONG_NEED.get(d.id)?.[1] ?? 0,
        check: STRONG_CHECKS[d.id],
        shape: WEAK.has(d.id) ? shapeFor(d) : 0,
        validate: d.validate ? VALIDATORS[d.validate] : undefined,
      }))
      .sort((a, b) => b.prio - a.prio);
    this.strongDetectors = this.detectors.filter((d) => !d.weak);
    this.weakDetectors = this.detectors.filter((d) => d.weak);
    for (const rule of policy.keys) {
      for (const m of rule.match) {
        const tokens = m.split(' ');
        const entry: IndexedRule = {
          rule,
          tokens,
          context: rule.context ? new Set(rule.context.filter((c) => !c.includes(' '))) : undefined,
          unless: rule.unlessContext ? new Set(rule.unlessContext) : undefined,
        };
        const last = tokens[tokens.length - 1]!;
        if (!this.byLast.has(last)) this.byLast.set(last, []);
        this.byLast.get(last)!.push(entry);
        if (tokens.length > 1) {
          const joined = tokens.join('');
          if (!this.byLast.has(joined)) this.byLast.set(joined, []);
          this.byLast.get(joined)!.push({ ...entry, tokens: [joined] });
        }
      }
    }
    for (const [, type] of STRONG_SUFFIXES) {
      const r = policy.keys.find((k) => k.type === type && !k.context && (k.handling ?? 'whole') === 'whole');
      if (r) this.strongRules.set(type, r);
    }
    for (const s of policy.safeKeys) {
      const t = s.split(' ');
      const last = t[t.length - 1]!;
      if (!this.safeByLast.has(last)) this.safeByLast.set(last, []);
      this.safeByLast.get(last)!.push(t);
      if (t.length > 1) {
        const j = t.join('');
        if (!this.safeByLast.has(j)) this.safeByLast.set(j, []);
        this.safeByLast.get(j)!.push([j]);
      }
      this.safe.add(s);
    }
    this.redacted = new RegExp(`^\\s*(?:${policy.redactedValues.join('|')})\\s*$`, 'i');
  }

  isRedacted(v: string): boolean {
    if (v.length > 48) return false;
    if (this.redacted.test(v)) return true;
    const t = v.replace(/^\s*(?:Bearer|Basic|Token)\s+/i, '').replace(/[\[\]<>(){}"'\s]/g, '');
    if (t.length === 0) return false;
    return REDACTED_MARK.test(t);
  }

  /** Classify a key (with optional parent keys as context). */
  classify(key: string, parents?: readonly string[]): KeyClass {
    const e = this.keyEntry(key);
    // most keys classify the same under any parent: only a rule with context makes the parents matter
    if (!parents || parents.length === 0 || !e.contextual) return e.base;
    const pk = parents.length === 1 ? parents[0]! : parents.join('\u0001');
    const m = (e.byParents ??= new Map());
    let r = m.get(pk);
    if (!r) {
      r = this.classifyTokens(keyTokens(key), parents.flatMap((p) => keyTokens(p)));
      if (m.size > 1000) m.clear();
      m.set(pk, r);
    }
    return r;
  }

  /** The cached facts about one key: its class without parents, whether parents can change it, whether it names a label. */
  private keyEntry(key: string): KeyEntry {
    let e = this.keyCache.get(key);
    if (e) return e;
    const tokens = keyTokens(key);
    e = { base: this.classifyTokens(tokens, []), contextual: this.contextual(tokens), byParents: undefined, label: undefined };
    if (this.keyCache.size > 5000) this.keyCache.clear();
    this.keyCache.set(key, e);
    return e;
  }

  /** Some key rule that ends the key has a context or an unless-context (so the parent keys matter). */
  private contextual(tokens: string[]): boolean {
    const last = tokens[tokens.length - 1];
    if (last === undefined) return false;
    for (const e of this.byLast.get(last) ?? []) {
      if (!e.context && !e.unless) continue;
      const n = e.tokens.length;
      if (n > tokens.length) continue;
      let ok = true;
      for (let i = 0; i < n; i++) if (tokens[tokens.length - n + i] !== e.tokens[i]) ok = false;
      if (ok) return true;
    }
    return false;
  }

  private classifyTokens(tokens: string[], parentTokens: string[], plural = false): KeyClass {
    if (tokens.length === 0) return { rule: undefined, safe: false };
    const last = tokens[tokens.length - 1]!;
    let best: IndexedRule | undefined;
    let bestLen = 0;
    for (const e of this.byLast.get(last) ?? []) {
      const n = e.tokens.length;
      if (n > tokens.length || n < bestLen) continue;
      let ok = true;
      for (let i = 0; i < n; i++) if (tokens[tokens.length - n + i] !== e.tokens[i]) ok = false;
      if (!ok) continue;
      const ctx = tokens.slice(0, tokens.length - n).concat(parentTokens);
      if (e.context && !ctx.some((c) => e.context!.has(c) || (c.endsWith('s') && e.context!.has(c.slice(0, -1))))) continue;
      if (e.unless && ctx.some((c) => e.unless!.has(c))) continue;
      if (n > bestLen) {
        best = e;
        bestLen = n;
      }
    }
    let safeLen = 0;
    for (const t of this.safeByLast.get(last) ?? []) {
      const n = t.length;
      if (n > tokens.length) continue;
      let ok = true;
      for (let i = 0; i < n; i++) if (tokens[tokens.length - n + i] !== t[i]) ok = false;
      if (ok && n > safeLen) safeLen = n;
    }
    if (safeLen > bestLen) return { rule: undefined, safe: true };
    if (best) return { rule: best.rule, safe: false };
    if (safeLen === 0 && last.length > 6) {
      // run-together keys: PGPASSWORD, dbpassword, adminSecret… (the strong word at the end)
      for (const [suffix, type] of STRONG_SUFFIXES) {
        if (last.endsWith(suffix) && last !== suffix) {
          const r = this.strongRules.get(type);
          if (r) return { rule: r, safe: false };
        }
      }
    }
    const singular = safeLen === 0 && !plural ? singularOf(last) : undefined;
    // a plural names a list of the same things (`phones`, `passwords`, `addresses`, `cities`)
    if (singular) return this.classifyTokens(tokens.slice(0, -1).concat(singular), parentTokens, true);
    return { rule: undefined, safe: safeLen > 0 || tokens.some((t) => t === 'version' || t === 'build') };
  }

  /** Find the sensitive spans of `text`. `field` is the attribute key or context it was logged under. */
  detect(text: string, field?: string): Span[] {
    const n = text.length;
    if (n === 0) return [];
    const cands: Cand[] = [];
    const suppress: Array<[number, number]> = [];
    if (field) {
      const kc = this.classify(field);
      if (kc.rule) {
        this.keyed(kc.rule, text, 0, n, cands, true);
        if (kc.rule.type !== 'ip_address' && (kc.rule.handling ?? 'whole') === 'whole' && cands.length === 1 && cands[0]!.end - cands[0]!.start >= n - 2) {
          return resolve(cands, n, text);
        }
        if (cands.length === 0 && this.isRedacted(text)) return [];
        // a Cookie / Set-Cookie / Authorization value: its own parser is authoritative, plus the secret detectors
        if (kc.rule.handling === 'cookie' || kc.rule.handling === 'authorization') {
          this.runDetectors(maskTaken(text, cands), cands, suppress, 'strong');
          return resolve(cands, n, text);
        }
      } else if (kc.safe) suppress.push([0, n]);
    }
    if (this.isRedacted(text)) return [];
    this.labels = [];
    this.keyRanges = [];
    this.structural(text, cands, suppress);
    this.runDetectors(text, cands, suppress, 'strong');
    // what keys and strong detectors already took is masked out for the weak detectors and the
    // free-text rules (their finds there would lose to it anyway): long tokens are not scanned twice
    const scan = maskTaken(text, cands, this.keyRanges);
    // the digit shapes of the scanned text, for the weak detectors and the free-text rules (one pass)
    const shapes = digitShapes(scan);
    this.runDetectors(scan, cands, suppress, 'weak', shapes);
    const before = cands.length;
    // the cue words were found by the strong pass, in its loop over the unmasked text: a superset of those
    // in the masked one (the bits only decide which rules run on it)
    this.freeText(scan, cands, shapes, this.literalBits[2]!, field);
    if (this.labels.length) {
      const labels = this.labels;
      let w = before;
      for (let i = before; i < cands.length; i++) {
        const c = cands[i]!;
        if ((c.type === 'person_name' || c.type === 'address') && inRanges(labels, c.start, c.end)) continue;
        cands[w++] = c;
      }
      cands.length = w;
    }
    return resolve(cands, n, text);
  }

  // --- keyed values -----------------------------------------------------------------------------

  /** A value whose key says what it is. `vs..ve` is the value range (without quotes). */
  keyed(rule: KeyRule, text: string, vs: number, ve: number, out: Cand[], whole = false): void {
    // trim whitespace
    while (vs < ve && /\s/.test(text[vs]!)) vs++;
    while (ve > vs && /\s/.test(text[ve - 1]!)) ve--;
    if (ve <= vs) return;
    if (ve - vs >= 2 && (text[vs] === '"' || text[vs] === "'") && text[ve - 1] === text[vs]) {
      vs++;
      ve--;
    }
    const v = text.slice(vs, ve);
    if (this.isRedacted(v) || /^(?:true|false|null|undefined|none|nil|N\/A|-)$/i.test(v)) return;
    const handling = rule.handling ?? 'whole';
    if (handling === 'authorization') return this.authorization(text, vs, ve, out);
    if (handling === 'cookie') return this.cookies(text, vs, ve, out, whole);
    if (rule.type === 'ip_address') {
      // the IP detectors find each address of a list; a percent-encoded one is decoded here
      if (v.includes('%3A') || v.includes('%3a')) {
        let d = v;
        try {
          d = decodeURIComponent(v);
        } catch {
          /* keep */
        }
        if (isIPv6(d)) out.push({ start: vs, end: ve, type: 'ip_address', prio: 80 });
      }
      return;
    }
    if (rule.type === 'card_number') {
      if (/[*•]{2,}|[Xx]{4}/.test(v)) return;
      const digits = v.replace(/\D/g, '').length;
      if (!((digits === 3 || digits === 4) && /^\d+$/.test(v)) && digits < 12) return;
    }
    if ((rule.type === 'free_text_personal' || rule.type === 'gift_message') && !/\p{L}{2}/u.test(v)) return;
    if ((rule.type === 'geo' || rule.type === 'date_of_birth') && !/\d/.test(v) && rule.type === 'date_of_birth') return;
    if (rule.type === 'email' && !v.includes('@') && !v.includes('%40') && v.length < 3) return;
    // structured value under a sensitive key: let the scanners find the parts
    if (/^\{[\s\S]*\}$|^\[[\s\S]*\]$/.test(v) && v.length > 2 && /["':=]/.test(v)) return;
    out.push(withAction({ start: vs, end: ve, type: refineType(rule.type, v), prio: 80 }, rule.action));
  }

  private authorization(text: string, vs: number, ve: number, out: Cand[]): void {
    const v = text.slice(vs, ve);
    if (/^\s*(?:\[[A-Z_ :a-z]*\]|\*{3,}|<[a-z]+>)/.test(v) && this.isRedacted(v.split(/[;,\s]/)[0]!)) return;
    const m = /^([A-Za-z][\w-]*)\s+(\S[\s\S]*)$/.exec(v);
    if (!m) {
      out.push({ start: vs, end: ve, type: refineType('bearer_token', v), prio: 80 });
      return;
    }
    const scheme = m[1]!.toLowerCase();
    const cs = vs + v.length - m[2]!.length;
    if (this.isRedacted(m[2]!)) return;
    if (scheme === 'basic') out.push({ start: cs, end: ve, type: 'password', prio: 85 });
    else if (scheme.startsWith('aws4') || scheme === 'digest' || m[2]!.includes('=')) {
      // parameterised schemes: Signature=…, Credential=AKIA…/…, response="…"
      const re = /(Signature|signature|response|Credential|credential|nonce|cnonce|token|oauth_signature|oauth_token)=\\?"?([^",\s\\]+)/g; // also JSON-escaped (`response=\"…\"`)
      let mm: RegExpExecArray | null;
      const sub = text.slice(cs, ve);
      while ((mm = re.exec(sub))) {
        const s = cs + mm.index + mm[0].indexOf(mm[2]!, mm[1]!.length);
        const name = mm[1]!.toLowerCase();
        if (name === 'credential') {
          const slash = mm[2]!.indexOf('/');
          out.push({ start: s, end: s + (slash > 0 ? slash : mm[2]!.length), type: 'aws_access_key', prio: 85 });
        } else out.push({ start: s, end: s + mm[2]!.length, type: 'bearer_token', prio: 85 });
      }
    } else out.push({ start: cs, end: ve, type: refineType('bearer_token', m[2]!), prio: 85 });
  }

  private cookies(text: string, vs: number, ve: number, out: Cand[], _whole: boolean): void {
    const sub = text.slice(vs, ve);
    let pos = 0;
    let guard = 0;
    while (pos < sub.length && guard++ < 1000) {
      COOKIE_PAIR_RE.lastIndex = pos;
      const m = COOKIE_PAIR_RE.exec(sub);
      if (!m || m.index !== pos) {
        const semi = sub.indexOf(';', pos);
        if (semi < 0) break;
        pos = semi + 1;
        continue;
      }
      const name = m[1]!.toLowerCase();
      const val = m[3]!;
      const valStart = m.index + m[0].indexOf('=') + 1 + (m[2] ? m[2].length : 0);
      if (!COOKIE_ATTRS.has(name) && val.trim().length > 0 && !this.isRedacted(val)) {
        out.push({ start: vs + valStart, end: vs + valStart + val.length, type: refineType('cookie', val), prio: 82 });
      }
      if (COOKIE_PAIR_RE.lastIndex <= pos) break;
      pos = COOKIE_PAIR_RE.lastIndex;
    }
  }

  // --- structure --------------------------------------------------------------------------------

  private pair(key: string, parents: readonly string[] | undefined, text: string, vs: number, ve: number, out: Cand[], suppress: Array<[number, number]>): void {
    this.pairEntry(key, this.keyEntry(key), parents, text, vs, ve, out, suppress);
  }

  /** A JSON pair: the two nearest enclosing keys are its context (built only for a key whose class they can change). */
  private pairIn(key: string, stack: string[], text: string, vs: number, ve: number, out: Cand[], suppress: Array<[number, number]>): void {
    const e = this.keyEntry(key);
    this.pairEntry(key, e, e.contextual ? nearest(stack) : undefined, text, vs, ve, out, suppress);
  }

  private pairEntry(key: string, e: KeyEntry, parents: readonly string[] | undefined, text: string, vs: number, ve: number, out: Cand[], suppress: Array<[number, number]>): void {
    const kc = parents && parents.length && e.contextual ? this.classify(key, parents) : e.base;
    if (kc.rule) this.keyed(kc.rule, text, vs, ve, out);
    else {
      if (kc.safe) suppress.push([vs, ve]);
      if ((e.label ??= isLabelKey(key))) this.labels.push([vs, ve]);
    }
  }

  /** Value ranges under keys that name things, not people (brand, product title, service…): no name or address detection there. */
  private labels: Array<[number, number]> = [];
  /** Quoted JSON keys: masked for the weak detectors and free-text rules (a key is never a value). */
  private keyRanges: Array<[number, number]> = [];

  private structural(text: string, out: Cand[], suppress: Array<[number, number]>): void {
    const c0 = text.charCodeAt(0);
    const jsonLike = c0 === 123 || c0 === 91; // { [
    if (jsonLike || text.includes('{') || text.includes('[')) this.json(text, out, suppress);
    if (text.includes('=') || (!jsonLike && text.includes(':'))) this.kv(text, out, suppress);
    if (!jsonLike && text.includes(':\n')) this.yamlLists(text, out, suppress);
    if (text.includes('form-data')) {
      // multipart bodies: each part's value is a value of its `name` (`name="password"\r\n\r\nS3cr3t`)
      MULTIPART_RE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = MULTIPART_RE.exec(text))) {
        const vs = m.index + m[0].length - m[2]!.length;
        this.pair(m[1]!, undefined, text, vs, vs + m[2]!.length, out, suppress);
      }
    }
    if (!jsonLike && text.includes('\n') && CSV_HEADER_RE.test(text)) this.csv(text, out, suppress);
    if (text.includes("'") && (SQL_START.test(text) || has(text, 'INSERT ', 'SELECT ', 'UPDATE ', ' WHERE ', 'DELETE '))) this.sql(text, out, suppress);
    if (text.includes('</')) this.xml(text, out, suppress);
    if (text.includes('\\"')) this.escapedJson(text, out, suppress);
  }

  /** Tolerant JSON / JS-object scanner: keys with their parent keys, values with offsets. */
  private json(text: string, out: Cand[], suppress: Array<[number, number]>): void {
    const n = text.length;
    const stack: string[] = [];
    const inArray: boolean[] = []; // per open container: is it an array (each element is a value of its key)
    let lastKey: string | undefined;
    let expecting = false;
    let depth = 0;
    const STRUCT = /["'{}[\],:]|[A-Za-z_$][\w$-]*\s*:/g;
    let i = text.search(/[{[]/);
    if (i < 0) return;
    let nlPos = -1; // next newline at or after the scan position (cached: one pass over the text)
    while (i < n) {
      STRUCT.lastIndex = i;
      const m = STRUCT.exec(text);
      if (!m) break;
      const c = m[0][0]!;
      const at = m.index;
      if (expecting && at > i && c !== '"' && c !== "'") {
        // bare scalar between i and the next structural char
        const raw = text.slice(i, at);
        const t = raw.trim();
        if (t && lastKey !== undefined && c !== ':') {
          const s = i + raw.indexOf(t);
          this.pairIn(lastKey, stack, text, s, s + t.length, out, suppress);
          expecting = false;
        }
      }
      if (c === '"' || (c === "'" && depth > 0)) {
        // string literal
        // jump from quote to quote; a quote after an odd number of backslashes is escaped
        let j = at + 1;
        if (nlPos < j) {
          nlPos = text.indexOf('\n', j);
          if (nlPos < 0) nlPos = n;
        }
        const nl = nlPos < n ? nlPos : -1;
        for (;;) {
          const q = text.indexOf(c, j);
          if (q < 0 || (nl >= 0 && nl < q)) {
            j = nl >= 0 ? nl : n;
            break;
          }
          let b = q - 1;
          while (b > at && text.charCodeAt(b) === 92) b--;
          if ((q - 1 - b) % 2 === 0) {
            j = q;
            break;
          }
          j = q + 1;
        }
        if (j >= n || text.charCodeAt(j) === 10) {
          i = j + 1;
          expecting = false;
          continue;
        }
        let k = j + 1;
        while (k < n && (text[k] === ' ' || text[k] === '\t' || text[k] === '\n' || text[k] === '\r')) k++;
        if (text[k] === ':' && depth > 0) {
          lastKey = text.slice(at + 1, j);
          this.keyRanges.push([at, j + 1]);
          expecting = true;
          i = k + 1;
          continue;
        }
        if (expecting && lastKey !== undefined) this.pairIn(lastKey, stack, text, at + 1, j, out, suppress);
        expecting = false;
        i = j + 1;
        continue;
      }
      if (c === "'") {
        i = at + 1;
        continue;
      }
      if (c !== '{' && c !== '[' && c !== '}' && c !== ']' && c !== ',' && c !== ':') {
        // bare identifier key (util.inspect / JS object)
        if (depth > 0) {
          lastKey = m[0].replace(/\s*:$/, '');
          expecting = true;
        }
        i = at + m[0].length;
        continue;
      }
      if (c === '{' || c === '[') {
        stack.push(expecting && lastKey !== undefined ? lastKey : (stack[stack.length - 1] ?? ''));
        inArray.push(c === '[');
        depth++;
        expecting = false;
        if (c === '[' && stack.length) lastKey = stack[stack.length - 1];
        if (c === '[') expecting = true;
      } else if (c === '}' || c === ']') {
        stack.pop();
        inArray.pop();
        depth = Math.max(0, depth - 1);
        expecting = false;
      } else if (c === ',') {
        // in an array every element is a value of the array's key (`"password": ["a", "b"]`)
        expecting = inArray.length > 0 && inArray[inArray.length - 1]!;
        if (expecting) lastKey = stack[stack.length - 1];
      }
      i = at + 1;
    }
  }

  /**
   * CSV and TSV with a header line: each cell is a value of its column's key (`name,email,phone\nAlice Smith,…`).
   * Rows are the lines after the header with as many cells; quoted cells may hold the separator.
   */
  private csv(text: string, out: Cand[], suppress: Array<[number, number]>): void {
    const h = CSV_HEADER_RE.exec(text)!;
    const sep = h[1]!.includes('\t') ? '\t' : h[1]!.includes(';') ? ';' : ',';
    const keys = h[1]!.split(sep).map((k) => k.trim());
    const entries = keys.map((k) => this.keyEntry(k));
    if (!entries.some((e) => e.base.rule)) return;
    let pos = h.index + h[0].length;
    const n = text.length;
    while (pos < n) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = n;
      const cells = csvCells(text, pos, end, sep);
      if (cells.length !== keys.length * 2) break; // not a row of this table: the table has ended
      for (let c = 0; c < keys.length; c++) {
        const vs = cells[2 * c]!;
        const ve = cells[2 * c + 1]!;
        if (ve > vs) this.pairEntry(keys[c]!, entries[c]!, undefined, text, vs, ve, out, suppress);
      }
      pos = end + 1;
    }
  }

  /** YAML block sequences of scalars: each `- item` under `key:` is a value of that key (`passwords:\n  - a\n  - b`). */
  private yamlLists(text: string, out: Cand[], suppress: Array<[number, number]>): void {
    YAML_LIST_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = YAML_LIST_RE.exec(text))) {
      const key = m[1]!;
      const e = this.keyEntry(key);
      let at = m.index + m[0].length - m[2]!.length;
      YAML_ITEM_RE.lastIndex = at;
      let it: RegExpExecArray | null;
      while ((it = YAML_ITEM_RE.exec(text)) && it.index === at) {
        at = it.index + it[0].length;
        const v = it[1]!;
        if (v.includes(': ')) continue; // a map item: its pairs are found as pairs
        const vs = it.index + it[0].indexOf(v);
        this.pairEntry(key, e, undefined, text, vs, vs + v.length, out, suppress);
      }
      YAML_LIST_RE.lastIndex = Math.max(at - 1, m.index + 1); // the newline that ended the list may start the next key
    }
  }

  private kv(text: string, out: Cand[], suppress: Array<[number, number]>): void {
    KV_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = KV_RE.exec(text))) {
      // form and query keys with brackets (`phone[]`, `user[password]`, `phone%5B%5D`) name their last part
      let key = m[1]!;
      if (key.charCodeAt(0) === 45) key = key.replace(/^-+/, '');
      if (key.includes('%5')) key = key.replace(/%5[Bb]/g, '[').replace(/%5[Dd]/g, ']');
      const raw = m[3]!;
      const vs0 = m.index + m[0].length - raw.length;
      const eq = m[2]!.includes('=');
      // `key = value` (INI, TOML, prose) as well as `key=value`; never a comparison (`token == null`)
      if (eq && raw.charCodeAt(0) === 61) {
        KV_RE.lastIndex = vs0;
        continue;
      }
      if (!eq && (key.length < 3 || raw.startsWith('//') || /^\d{1,2}:/.test(raw))) {
        KV_RE.lastIndex = vs0 - 1;
        continue;
      }
      const kc = this.classify(key);
      if (!kc.rule) {
        if (kc.safe) suppress.push([vs0, vs0 + raw.length]);
        KV_RE.lastIndex = vs0 - 1; // the value may hold the next pair (`ok: token=…`): its lead char is the one before
        continue;
      }
      let vs = vs0;
      let ve = vs0 + raw.length;
      while (ve > vs && text[ve - 1] === ')' && !text.slice(vs, ve).includes('(')) ve--;
      if (raw[0] === '"' || raw[0] === "'") {
        vs++;
        ve--;
      }
      const h = kc.rule.handling ?? 'whole';
      if (h !== 'whole' && raw[0] !== '"' && raw[0] !== "'") {
        // header-style value: to the end of the line (or a closing quote)
        let e = text.indexOf('\n', vs);
        if (e < 0) e = text.length;
        if (/["']\s*$/.test(text.slice(Math.max(0, m.index - 2), m.index + 1))) {
          const q = text.slice(vs, e).indexOf('"');
          if (q >= 0) e = vs + q;
        }
        ve = e;
      }
      if (raw[0] !== '"' && raw[0] !== "'" && h === 'whole') {
        // an unquoted value may go on over spaces: `phone=07700 900123`, `name=Lucas Silva`
        const ext = KV_EXTEND[kc.rule.type];
        if (ext) {
          ext.lastIndex = ve;
          const x = ext.exec(text);
          // taken only when it ends the value (not the start of the next key, `… email=`)
          if (x && !/[\w=]/.test(text[ve + x[0].length] ?? '')) ve += x[0].length;
        }
      }
      this.keyed(kc.rule, text, vs, ve, out);
      KV_RE.lastIndex = Math.max(ve, vs0);
    }
    if (text.includes('\n') || /^[A-Za-z-]+\s*:/.test(text)) {
      HEADER_LINE_RE.lastIndex = 0;
      while ((m = HEADER_LINE_RE.exec(text))) {
        const kc = this.classify(m[1]!);
        if (!kc.rule) continue;
        const vs = m.index + m[0].length - m[2]!.length;
        // a line of labelled fields (`Nombre: Juan Pérez, Teléfono: 612 345 678`) ends this value at the next label
        const next = kc.rule.handling ? null : NEXT_LABEL_RE.exec(m[2]!);
        this.keyed(kc.rule, text, vs, vs + (next ? next.index : m[2]!.length), out);
      }
    }
  }

  /** `<email>jane@x.com</email>` and `<field name="password">…</field>`-style elements. */
  private xml(text: string, out: Cand[], suppress: Array<[number, number]>): void {
    XML_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = XML_RE.exec(text))) {
      if (m[1] !== m[4]) continue;
      const attrName = m[2] ? /\bname\s*=\s*["']([^"']{1,64})["']/.exec(m[2]) : null;
      const key = attrName ? attrName[1]! : m[1]!.replace(/^.*:/, '');
      const vs = m.index + m[0].length - m[4]!.length - 3 - m[3]!.length;
      this.pair(key, undefined, text, vs, vs + m[3]!.length, out, suppress);
    }
  }

  /** Pairs of JSON that was escaped into a string: `{\"password\":\"x\"}`. */
  private escapedJson(text: string, out: Cand[], suppress: Array<[number, number]>): void {
    ESC_JSON_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = ESC_JSON_RE.exec(text))) {
      const v = m[2] ?? m[3]!;
      const vs = m.index + m[0].length - v.length - (m[2] !== undefined ? 2 : 0);
      this.pair(m[1]!, undefined, text, vs, vs + v.length, out, suppress);
      ESC_JSON_RE.lastIndex = Math.max(ESC_JSON_RE.lastIndex, vs);
    }
  }

  private sql(text: string, out: Cand[], suppress: Array<[number, number]>): void {
    SQL_OP_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = SQL_OP_RE.exec(text))) {
      const col = sqlColumnBefore(text, m.index);
      if (!col) continue;
      const vs = m.index + m[0].length - 1 - m[1]!.length;
      this.pair(col, undefined, text, vs, vs + m[1]!.length, out, suppress);
    }
    // `last_name IN ('Smith', 'Jones')`: each literal of the list is a value of the column
    SQL_IN_RE.lastIndex = 0;
    while ((m = SQL_IN_RE.exec(text))) {
      const col = sqlColumnBefore(text, m.index);
      if (!col) continue;
      let pos = m.index + m[0].length;
      for (;;) {
        SQL_IN_ITEM.lastIndex = pos;
        const t = SQL_IN_ITEM.exec(text);
        if (!t) break;
        const vs = t.index + t[0].indexOf("'") + 1;
        this.pair(col, undefined, text, vs, vs + t[1]!.length, out, suppress);
        pos = t.index + t[0].length;
        if (t[2] === ')') break;
      }
    }
    SQL_INSERT_RE.lastIndex = 0;
    while ((m = SQL_INSERT_RE.exec(text))) {
      const cols = m[1]!.split(',').map((c) => c.trim().replace(/["`\[\]]/g, ''));
      const table = /INTO\s+([\w."`\[\]]+)/i.exec(m[0])![1]!.replace(/["`\[\]]/g, '').split('.').pop()!;
      let pos = m.index + m[0].length;
      let rows = 0;
      while (text[pos] === '(' && rows++ < 1000) {
        pos++;
        let idx = 0;
        for (;;) {
          SQL_VALUE_TOKEN.lastIndex = pos;
          const t = SQL_VALUE_TOKEN.exec(text);
          if (!t) break;
          const tok = t[1]!;
          const ts = pos + t[0].indexOf(tok);
          if (tok[0] === "'" && idx < cols.length) this.pair(cols[idx]!, [table], text, ts + 1, ts + tok.length - 1, out, suppress);
          idx++;
          pos = SQL_VALUE_TOKEN.lastIndex;
          if (t[2] === ')') break;
        }
        const next = /^\s*,\s*/.exec(text.slice(pos, pos + 20));
        if (!next) break;
        pos += next[0].length;
      }
    }
  }

  // --- detectors --------------------------------------------------------------------------------

  private runDetectors(text: string, out: Cand[], suppress: Array<[number, number]>, pass: 'strong' | 'weak', shapes = 0): void {
    const weak = pass === 'weak';
    // the weak detectors all need a digit; `shapes` (digitShapes of the text) has the digit shapes they need (shapes.ts)
    if (weak && (shapes & SH_DIGIT) === 0) return;
    let vendorHit: boolean | undefined;
    // the literal hints of the strong pass: one Aho–Corasick pass finds which of their literal lists occur
    let lo = 0;
    let hi = 0;
    if (!weak) {
      WordSets.findBoth(text, STRONG_LITERALS, CUE_WORDS, this.literalBits);
      lo = this.literalBits[0]!;
      hi = this.literalBits[1]!;
    }
    for (const d of weak ? this.weakDetectors : this.strongDetectors) {
      if (d.literal) {
        if ((lo & d.needLo) !== d.needLo || (hi & d.needHi) !== d.needHi) continue;
        // a vendor detector's own literal is one of VENDOR_LITERALS: only the shared regex is left to ask
        if (d.vendor && !(vendorHit ??= VENDOR_HINT.test(text))) continue;
        if (d.check && !d.check(text)) continue;
      } else {
        if (d.shape !== 0 && (d.shape === SH_IPV6 ? !ipv6Shape(text) : d.shape === SH_MAC ? !MAC_PAIRS.test(text) : (shapes & d.shape) === 0)) continue;
        if (d.vendor && !(vendorHit ??= VENDOR_LITERALS.some((l) => text.includes(l)) && VENDOR_HINT.test(text))) continue;
        if (d.hint && !d.hint(text)) continue;
      }
      if (d.rule.id === 'private_key') {
        this.privateKeys(text, d, out);
        continue;
      }
      if (d.rule.id === 'email') {
        this.emails(text, d, out);
        continue;
      }
      if (d.rule.id === 'jwt') {
        this.jwts(text, d, out);
        continue;
      }
      d.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      let guard = 0;
      while ((m = d.re.exec(text))) {
        if (m[0].length === 0) {
          d.re.lastIndex++;
          continue;
        }
        if (guard++ > 100000) break;
        const g = m[d.group];
        if (g === undefined || g.length === 0) continue;
        const start = m.index + (d.group === 0 ? 0 : m[0].indexOf(g));
        let s = g;
        let st = start;
        if (d.rule.id === 'iban' && !ibanOk(s)) {
          // try dropping trailing groups
          let ok = false;
          while (s.includes(' ')) {
            s = s.slice(0, s.lastIndexOf(' '));
            if (ibanOk(s)) {
              ok = true;
              break;
            }
          }
          if (!ok) continue;
        } else if (d.validate && !d.validate(s, text, st)) {
          // weak detectors advance by one char to find an overlapping candidate
          if (d.group !== 0) d.re.lastIndex = start + 1;
          continue;
        }
        if (d.weak && inRanges(suppress, st, st + s.length)) continue;
        if (d.rule.id === 'phone_intl' || d.rule.id === 'phone_national') {
          // trim a trailing separator
          while (/[ .\-/]$/.test(s)) s = s.slice(0, -1);
        }
        if (d.rule.id === 'email' && s.startsWith('%40')) continue;
        out.push(withAction({ start: st, end: st + s.length, type: d.rule.type, prio: d.prio }, d.rule.action));
        if (d.group !== 0) d.re.lastIndex = Math.max(st + s.length, m.index + 1);
      }
    }
  }

  /** E-mail addresses: found from each `@` (or `%40`), the local part scanned to the left. */
  private emails(text: string, d: CompiledDetector, out: Cand[]): void {
    let at = -1;
    let from = 0;
    // next positions of '@' and '%40', each searched again only once passed (one pass over the text)
    let a = -2;
    let b = -2;
    for (;;) {
      if (a !== -1 && a < from) a = text.indexOf('@', from);
      if (b !== -1 && b < from) b = text.indexOf('%40', from);
      at = a < 0 ? b : b < 0 ? a : Math.min(a, b);
      if (at < 0) return;
      const sepLen = text[at] === '@' ? 1 : 3;
      from = at + sepLen;
      let s = at;
      if (sepLen === 1 && text.charCodeAt(at - 1) === 34) {
        // a quoted local part (`"john doe"@example.com`), quotes included
        const q = text.lastIndexOf('"', at - 2);
        s = q >= 0 && at - q <= 66 && !text.slice(q, at).includes('\n') ? q : at;
      } else {
        while (s > 0 && at - s < 64 && localChar(text, s - 1)) s--;
        while (s < at && !localStart(text, s)) s++;
      }
      if (s >= at) continue;
      // a `%40` local part must not swallow an earlier percent escape of a delimiter
      DOMAIN_RE.lastIndex = at + sepLen;
      const m = DOMAIN_RE.exec(text);
      if (!m) continue;
      out.push({ start: s, end: at + sepLen + m[0].length, type: 'email', prio: d.prio });
      from = at + sepLen + m[0].length;
    }
  }

  /** JWTs, from each `eyJ`; a failed start skips its whole token run, so the scan stays linear. */
  private jwts(text: string, d: CompiledDetector, out: Cand[]): void {
    let from = 0;
    for (;;) {
      const i = text.indexOf('eyJ', from);
      if (i < 0) return;
      JWT_STICKY.lastIndex = i;
      const m = JWT_STICKY.exec(text);
      if (m) {
        out.push({ start: i, end: i + m[0].length, type: d.rule.type, prio: d.prio });
        from = i + m[0].length;
      } else {
        TOKEN_RUN.lastIndex = i;
        TOKEN_RUN.exec(text);
        from = Math.max(TOKEN_RUN.lastIndex, i + 3);
      }
    }
  }

  private privateKeys(text: string, d: CompiledDetector, out: Cand[]): void {
    d.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = d.re.exec(text))) {
      const start = m.index;
      const endMarker = text.indexOf('-----END', start + m[0].length);
      let end: number;
      if (endMarker >= 0) {
        const close = text.indexOf('-----', endMarker + 8);
        end = close >= 0 ? close + 5 : text.length;
      } else {
        // no END line: take the base64 body that follows
        const body = /[A-Za-z0-9+/=\s\\n]*/y;
        body.lastIndex = start + m[0].length;
        body.exec(text);
        end = body.lastIndex;
      }
      out.push({ start, end, type: 'private_key', prio: d.prio });
      d.re.lastIndex = end;
      if (endMarker < 0) break;
    }
  }

  /** People found by the compromise tagger in prose (opt-in: `freeText.nlp`). */
  private nlpNames(text: string, out: Cand[]): void {
    const nlp = nlpModule();
    if (!nlp) return;
    try {
      const people = nlp(text).people().json({ offset: true }) as Array<{ offset?: { start: number; length: number } }>;
      for (const p of people) {
        if (!p.offset || p.offset.length < 2) continue;
        let s = p.offset.start;
        let e = s + p.offset.length;
        const t = text.slice(s, e);
        const trimmed = t.replace(/['’]s$/, '').replace(/[^\p{L}]+$/u, '');
        const lead = trimmed.length - trimmed.replace(/^[^\p{L}]+/u, '').length;
        s += lead;
        e = s + trimmed.length - lead;
        if (e > s && /\p{Lu}/u.test(text[s]!)) out.push({ start: s, end: e, type: 'person_name', prio: 34 });
      }
    } catch {
      /* the tagger is best effort */
    }
  }

  /**
   * Capitalised word sequences that start with a known first name or end with a known last name.
   * Cheap first: each capitalised word is looked up; only a hit is extended to its neighbours.
   */
  /** A title and one capitalised word; coordinated lists of names; each extended over a generational suffix. */
  private titledAndListedNames(text: string, out: Cand[], cues: number): void {
    let m: RegExpExecArray | null;
    HONORIFIC_NAME_RE.lastIndex = 0;
    while ((m = HONORIFIC_NAME_RE.exec(text))) {
      const g = m[1]!;
      if (NAME_STOP.has(g)) continue;
      const s = m.index + m[0].lastIndexOf(g); // the match may end with the character after the name
      out.push({ start: s, end: s + g.length, type: 'person_name', prio: 37 });
    }
    NAME_SUBJECT_RE.lastIndex = 0;
    while ((cues & W_SUBJECT_VERB) !== 0 && (m = NAME_SUBJECT_RE.exec(text))) {
      const g = m[1]!;
      if (g.split(/[ \t]+/).some((w) => NAME_STOP.has(w))) continue;
      const s = m.index + m[0].indexOf(g);
      out.push({ start: s, end: s + g.length, type: 'person_name', prio: 37 });
      NAME_SUBJECT_RE.lastIndex = s + g.length;
    }
    if (text.includes('ame')) {
      NAME_IS_RE.lastIndex = 0;
      while ((m = NAME_IS_RE.exec(text))) {
        const words = m[1]!.split(/[ \t]+/);
        // stop words end the name (`name is Order 42` is no name)
        let k = 0;
        while (k < words.length && !NAME_STOP.has(words[k]!)) k++;
        if (k === 0) continue;
        const g = words.slice(0, k).join(' ');
        const s = m.index + m[0].length - m[1]!.length;
        if (text.startsWith(g, s)) out.push({ start: s, end: s + g.length, type: 'person_name', prio: 37 });
      }
    }
    // every list has a conjunction before a capitalised word
    const lex = NAME_LIST_HINT.test(text) ? nameLexicon() : null;
    if (lex) {
      NAME_LIST_RE.lastIndex = 0;
      while ((m = NAME_LIST_RE.exec(text))) {
        const list = m[1]!;
        const words = list.split(NAME_LIST_SPLIT);
        if (words.some((w) => NAME_STOP.has(w))) {
          // the list may start later: try again from its second word
          NAME_LIST_RE.lastIndex = m.index + m[0].length - list.length + words[0]!.length;
          continue;
        }
        if (!words.some((w) => lex.first.has(w.toLowerCase()) || lex.last.has(w.toLowerCase()))) continue;
        let p = m.index + m[0].length - list.length;
        for (const w of words) {
          const s = text.indexOf(w, p);
          out.push({ start: s, end: s + w.length, type: 'person_name', prio: 37 });
          p = s + w.length;
        }
      }
    }
    // the suffix of every person name found so far (by keys, structure or the free-text rules before this one)
    for (let i = 0; i < out.length; i++) {
      const c = out[i]!;
      if (c.type !== 'person_name') continue;
      NAME_SUFFIX.lastIndex = c.end;
      const x = NAME_SUFFIX.exec(text);
      if (x) out[i] = { ...c, end: c.end + x[1]!.length };
    }
  }

  /** ROLE_NAME_RE, INITIAL_NAME_RE and VOCATIVE_RE (stop words end or drop the name). */
  private moreNames(text: string, out: Cand[], cues: number): void {
    let m: RegExpExecArray | null;
    if (text.includes('my ') || text.includes('My ')) {
      ROLE_NAME_RE.lastIndex = 0;
      while ((m = ROLE_NAME_RE.exec(text))) {
        const words = m[1]!.split(/[ \t]+/);
        const keep = NAME_STOP.has(words[0]!) ? 0 : words.length > 1 && NAME_STOP.has(words[1]!) ? 1 : words.length;
        if (keep === 0) continue;
        const g = words.slice(0, keep).join(' ');
        const s = m.index + m[0].length - m[1]!.length;
        if (text.startsWith(g, s)) out.push({ start: s, end: s + g.length, type: 'person_name', prio: 37 });
      }
    }
    if (INITIAL_HINT.test(text)) {
      INITIAL_NAME_RE.lastIndex = 0;
      while ((m = INITIAL_NAME_RE.exec(text))) {
        const g = m[1]!;
        const words = g.split(/[ \t]+/);
        const first = words[0]!;
        const last = words[words.length - 1]!;
        // the match may have eaten the first letter of the next candidate: resume right after the initial
        INITIAL_NAME_RE.lastIndex = m.index + m[0].length - last.length - 1;
        if (NAME_STOP.has(first) || LETTERED.has(first) || NAME_STOP.has(last)) continue;
        const s = m.index + m[0].length - g.length;
        out.push({ start: s, end: s + g.length, type: 'person_name', prio: 38 });
      }
    }
    if ((cues & W_VOCATIVE) !== 0) {
      VOCATIVE_RE.lastIndex = 0;
      while ((m = VOCATIVE_RE.exec(text))) {
        const g = m[1]!;
        if (NAME_STOP.has(g) || VOCATIVE_STOP.has(g)) continue;
        const s = m.index + m[0].indexOf(g + ',');
        out.push({ start: s, end: s + g.length, type: 'person_name', prio: 36 });
      }
    }
  }

  /** PASSWORD_PROSE_RE: the quoted tokens after a password word that look like a password. */
  private prosePasswords(text: string, out: Cand[]): void {
    PASSWORD_PROSE_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PASSWORD_PROSE_RE.exec(text))) {
      const rest = m[1]!;
      const base = m.index + m[0].length - rest.length;
      // the next password word may be in this one's sentence: go on from right after this word
      PASSWORD_PROSE_RE.lastIndex = base;
      // unquoted, right after the word and a `:`, `=` or `is` (`mot de passe : Hiver2024`, `the password is Tr0ub4dor`):
      // only a token with a digit, a symbol or a capital after a lower-case letter (`password is Incorrect` stays)
      const bare = PASSWORD_BARE_RE.exec(rest);
      if (bare && PASSWORD_BARE_TOKEN.test(bare[1]!) && !this.isRedacted(bare[1]!)) {
        const s = base + bare[0].length - bare[1]!.length;
        out.push({ start: s, end: s + bare[1]!.length, type: 'password', prio: 76 });
      }
      QUOTED_TOKEN_RE.lastIndex = 0;
      let q: RegExpExecArray | null;
      while ((q = QUOTED_TOKEN_RE.exec(rest))) {
        const tok = q[1]!;
        if (!PASSWORD_PROSE_TOKEN.test(tok) || this.isRedacted(tok)) continue;
        // `password for user "alice42"`: a name the password belongs to, not the password
        if (NOT_A_PASSWORD_BEFORE.test(rest.slice(Math.max(0, q.index - 16), q.index))) continue;
        const s = base + q.index + 1;
        out.push({ start: s, end: s + tok.length, type: 'password', prio: 76 });
      }
    }
  }

  /** CAPS_NAME_RE, kept when one of its words is a lexicon first or last name and none is a CAPS_STOP word. */
  private capsNames(text: string, out: Cand[]): void {
    const lex = nameLexicon();
    if (!lex) return;
    CAPS_NAME_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CAPS_NAME_RE.exec(text))) {
      const g = m[1]!;
      const words = g.split(/[\s,]+/).filter((w) => w.length > 0);
      if (words.some((w) => CAPS_STOP.has(w.replace(/\.$/, '')))) continue;
      if (!words.some((w) => w.length > 1 && inLexicon(lex, w))) continue;
      const s = m.index + m[0].length - m[2]!.length - g.length;
      out.push({ start: s, end: s + g.length, type: 'person_name', prio: 39 });
      CAPS_NAME_RE.lastIndex -= m[2]!.length;
    }
  }

  /** PAX_NAME_RE, kept when the surname or the given name is in the lexicon. */
  private paxNames(text: string, out: Cand[]): void {
    const lex = nameLexicon();
    if (!lex) return;
    PAX_NAME_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PAX_NAME_RE.exec(text))) {
      let g = m[1]!;
      // the title may have been read as a second given name (`DOE/JOHN MR`)
      const title = /[ ](?:MR|MRS|MS|MISS|MSTR|DR|CHD|INF)$/.exec(g);
      if (title) g = g.slice(0, title.index);
      const words = g.split(/[\s/-]+/);
      if (words.some((w) => CAPS_STOP.has(w))) continue;
      if (!words.some((w) => inLexicon(lex, w))) continue;
      out.push({ start: m.index, end: m.index + g.length, type: 'person_name', prio: 39 });
    }
  }

  private lexiconNames(text: string, out: Cand[]): void {
    const lex = nameLexicon();
    if (!lex) return;
    LEX_WORD_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    let doneTo = 0;
    while ((m = LEX_WORD_RE.exec(text))) {
      const wStart = m.index + m[0].length - m[1]!.length;
      if (wStart < doneTo) continue;
      // camelCase identifiers (AmazonOrderId) are not names
      const nx = text.charCodeAt(wStart + m[1]!.length);
      if (nx >= 65 && nx <= 90) continue;
      const w1 = m[1]!;
      const q = w1.charCodeAt(w1.length - 2);
      const w0 = w1.charCodeAt(w1.length - 1) === 115 && (q === 39 || q === 0x2019) ? w1.slice(0, -2) : w1; // without a trailing 's
      const lc0 = w0.toLowerCase();
      const dash = lc0.indexOf('-');
      const isFirst = lex.first.has(lc0) || (dash >= 0 && lex.first.has(lc0.slice(0, dash)));
      const isLast = lex.last.has(lc0) || (dash >= 0 && lex.last.has(lc0.slice(lc0.lastIndexOf('-') + 1)));
      if (!isFirst && !isLast) continue;
      if (NAME_STOP.has(w0)) continue;
      // extend left over up to two capitalised words (and initials)
      let s = wStart;
      for (let k = 0; k < 2; k++) {
        const before = text.slice(Math.max(0, s - 48), s);
        const lm = LEFT_WORD_RE.exec(before);
        if (!lm || NAME_STOP.has(lm[1]!) || /['’]s$|[a-z](?:ing|ed)$/.test(lm[1]!)) break;
        s = s - before.length + lm.index + lm[0].indexOf(lm[1]!);
      }
      // extend right
      let e = wStart + m[1]!.length;
      if (w0.length === m[1]!.length) {
        for (let k = 0; k < 3; k++) {
          RIGHT_WORD_RE.lastIndex = e;
          const rm = RIGHT_WORD_RE.exec(text);
          if (!rm) break;
          const word = rm[1]!.replace(/['’]s$/, '');
          if (NAME_STOP.has(word)) break;
          e = rm.index + rm[0].length - (rm[1]!.length - word.length);
          if (word.length !== rm[1]!.length) break;
        }
      } else e = wStart + w0.length;
      const seq = text.slice(s, e);
      const words = seq.split(/[ \t]+/).filter((w) => !/^\p{Lu}\.?$/u.test(w) && !/^(?:van|von|de|der|den|da|di|du|del|della|le|la|dos|das|ten|ter|bin|al|el)$/.test(w));
      if (words.length >= 2) {
        const fw = words[0]!.toLowerCase();
        const lw = words[words.length - 1]!.replace(/['’]s$/, '').toLowerCase();
        const firstKnown = lex.first.has(fw) || lex.first.has(fw.split('-')[0]!);
        const lastKnown = lex.last.has(lw) || lex.last.has(lw.split('-').pop()!);
        if (firstKnown || lastKnown) out.push({ start: s, end: e, type: 'person_name', prio: 38 });
        doneTo = e;
      } else {
        const before = text.slice(Math.max(0, s - 24), s);
        const after = text.slice(e, e + 2);
        if (isFirst && (SINGLE_CUE_BEFORE.test(before) || (/^:\s/.test(after) && /(?:^|\n)\s*$/.test(before)) || FIRST_NAME_VERB_AFTER.test(text.slice(e, e + 16)) || (!AMBIGUOUS_FIRST.has(lc0) && FIRST_NAME_AUX_AFTER.test(text.slice(e, e + 8))))) {
          out.push({ start: s, end: e, type: 'person_name', prio: 36 });
        }
        doneTo = e;
      }
    }
  }

  // --- free text: cue words and structure -------------------------------------------------------

  /** Labelled names, phones and addresses in scripts without letter case, and in Greek, Cyrillic and Vietnamese labels. */
  private otherScripts(text: string, out: Cand[]): void {
    const ft = this.policy.freeText;
    let m: RegExpExecArray | null;
    if (ft.names) {
      SCRIPT_NAME_RE.lastIndex = 0;
      while ((m = SCRIPT_NAME_RE.exec(text))) {
        const g = m[1]!;
        const s = m.index + m[0].lastIndexOf(g);
        out.push({ start: s, end: s + g.length, type: 'person_name', prio: 40 });
        SCRIPT_NAME_RE.lastIndex = s + g.length;
      }
      SCRIPT_HONORIFIC_RE.lastIndex = 0;
      while ((m = SCRIPT_HONORIFIC_RE.exec(text))) {
        const g = m[1] ?? m[2] ?? m[3]!;
        if (SCRIPT_HONORIFIC_STOP.has(g)) continue;
        const s = m.index + m[0].indexOf(g);
        out.push({ start: s, end: s + g.length, type: 'person_name', prio: 38 });
      }
    }
    run(SCRIPT_PHONE_RE, text, 1, 'phone', 54, out, phoneCueOk);
    if (ft.addresses) {
      SCRIPT_ADDRESS_RE.lastIndex = 0;
      while ((m = SCRIPT_ADDRESS_RE.exec(text))) {
        let g = m[1]!;
        const cut = ADDRESS_VALUE_END.exec(g);
        if (cut) g = g.slice(0, cut.index);
        g = g.replace(/[\s,.。]+$/, '');
        if (g.length < 4 || !/\d/.test(g)) continue; // an address has a number (house, block or postcode)
        const s = m.index + m[0].length - m[1]!.length;
        out.push({ start: s, end: s + g.length, type: 'address', prio: 50 });
      }
    }
  }

  /** `shapes`: digitShapes(text); `cues`: CUE_WORDS' bits of the text before masking. */
  private freeText(text: string, out: Cand[], shapes: number, cues: number, field?: string): void {
    const ft = this.policy.freeText;
    if (BEYOND_LATIN.test(text)) this.otherScripts(text, out);
    // every free-text rule needs two words: nothing to do in a single token (ids, hashes, URLs without spaces)
    if (!(text.includes(' ') || text.includes('\n') || text.includes('\t') || text.includes('+') || text.includes('%20'))) return;
    let lcText: string | undefined;
    const lc = (): string => (lcText ??= text.toLowerCase());
    if (ft.nlp && field !== undefined && PROSE_FIELD.test(field) && PROSE.test(text) && text.length < 4000) this.nlpNames(text, out);
    if (/[A-Za-z]{2}/.test(text)) {
      if (text.includes('ift ')) run(GIFT_RE, text, 1, 'gift_message', 75, out);
      if (text.includes(':') && (cues & W_FREE_LABEL) !== 0) {
        run(FREE_TEXT_LABEL_RE, text, 1, 'free_text_personal', 45, out);
        run(FREE_TEXT_LABEL_BARE_RE, text, 1, 'free_text_personal', 44, out, (g) => g.trim().split(/\s+/).length >= 3);
      }
      if (text.includes(':') && (cues & W_FREE_CUE) !== 0) {
        FREE_TEXT_CUE_RE.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = FREE_TEXT_CUE_RE.exec(text))) {
          const g = m[2] ?? m[3]!;
          if (g.trim().split(/\s+/).length < 3) continue;
          const s = m[2] !== undefined ? m.index + m[0].length - m[1]!.length + 1 : m.index + m[0].length - g.length;
          out.push({ start: s, end: s + g.length, type: 'free_text_personal', prio: 45 });
        }
      }
      if ((shapes & SH_DIGIT) !== 0) {
        if ((cues & W_PHONE_CUE) !== 0 && DIGIT_RUN.test(text)) {
          run(PHONE_CUE_RE, text, 1, 'phone', 54, out, phoneCueOk);
          run(PHONE_TRAIL_RE, text, 1, 'phone', 54, out, phoneCueOk);
        }
        if ((cues & W_DOB) !== 0) run(DOB_RE, text, 1, 'date_of_birth', 60, out);
        if ((cues & W_GEO) !== 0) {
          run(GEO_RE, text, 1, 'geo', 58, out, latLonOk);
          LAT_LNG_RE.lastIndex = 0;
          let g: RegExpExecArray | null;
          while ((g = LAT_LNG_RE.exec(text))) {
            if (Math.abs(Number(g[1])) > 90 || Math.abs(Number(g[2])) > 180) continue;
            const lonAt = g.index + g[0].length - g[2]!.length;
            const latAt = g.index + g[0].indexOf(g[1]!, 3);
            out.push({ start: latAt, end: latAt + g[1]!.length, type: 'geo', prio: 58 }, { start: lonAt, end: lonAt + g[2]!.length, type: 'geo', prio: 58 });
          }
        }
        if (text.includes('°') || GEO_HEMI_HINT.test(text)) run(GEO_HEMI_RE, text, 1, 'geo', 58, out);
        if (text.includes('.') && text.includes(',')) run(GEO_AT_RE, text, 1, 'geo', 57, out, latLonAtOk);
      }
    }
    if (ft.names && NAME_HINT.test(text)) {
      NAME_RE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = NAME_RE.exec(text))) {
        let g = m[1]!;
        let s = m.index + m[0].length - g.length;
        // drop leading stop words, require two words left
        const words = g.split(/(\s+|\+|%20)/);
        while (words.length > 2 && NAME_STOP.has(words[0]!.replace(/\.$/, ''))) {
          s += words[0]!.length + words[1]!.length;
          words.splice(0, 2);
        }
        // a suffix word at the end (`Sr`, `PhD`) is not a stop word here: NAME_SUFFIX adds it back
        if (words.length > 2 && SUFFIX_WORD.test(words[words.length - 1]!)) words.length -= 2;
        g = words.join('');
        const ws = g.split(/\s+|\+|%20/);
        if (ws.length < 2 || ws.some((w) => NAME_STOP.has(w))) {
          NAME_RE.lastIndex = m.index + m[0].length - m[1]!.length + 1;
          continue;
        }
        out.push({ start: s, end: s + g.length, type: 'person_name', prio: 40 });
      }
      if (text.includes('D. ')) {
        DON_NAME_RE.lastIndex = 0;
        while ((m = DON_NAME_RE.exec(text))) {
          let b = m.index;
          while (b > 0 && (text[b - 1] === ' ' || text[b - 1] === '\t')) b--;
          if (b === m.index || b === 0) continue;
          let wordStart = b; // the word before must be lower-case (a preposition), not `Plan`
          while (wordStart > 0 && LETTER.test(text[wordStart - 1]!)) wordStart--;
          if (wordStart === b || !LOWER_LETTER.test(text[wordStart]!)) continue;
          const g = m[1]!;
          if (g.split(/\s+/).some((w) => NAME_STOP.has(w))) continue;
          const s = m.index + m[0].length - g.length;
          out.push({ start: s, end: s + g.length, type: 'person_name', prio: 40 });
        }
      }
      const lex = nameLexicon();
      ROLE_CUE_NAME_RE.lastIndex = 0;
      while (lex && (cues & W_ROLE_NOUN) !== 0 && (m = ROLE_CUE_NAME_RE.exec(text))) {
        const g = m[1]!;
        const ws = g.split(/\s+|\+|%20/);
        if (ws.some((w) => NAME_STOP.has(w))) continue;
        if (!lex.first.has(ws[0]!.toLowerCase()) && !lex.last.has(ws[ws.length - 1]!.toLowerCase())) continue;
        const s = m.index + m[0].length - g.length;
        out.push({ start: s, end: s + g.length, type: 'person_name', prio: 38 });
      }
    }
    if (ft.names && text.includes(', ')) {
      const lex = nameLexicon();
      // from each comma: a lexicon first name after it, a capitalised word before it, a name cue before that
      for (let c = text.indexOf(', '); lex && c > 0; c = text.indexOf(', ', c + 2)) {
        FIRST_AFTER_COMMA.lastIndex = c + 1;
        const f = FIRST_AFTER_COMMA.exec(text);
        if (!f) continue;
        const first = f[1]!.toLowerCase();
        if (!lex.first.has(first) || AMBIGUOUS_FIRST.has(first)) continue;
        const l = LAST_BEFORE_COMMA.exec(text.slice(Math.max(0, c - 48), c));
        if (!l || NAME_STOP.has(l[1]!)) continue;
        const ls = c - l[1]!.length;
        if (!NAME_CUE_BEFORE.test(text.slice(Math.max(0, ls - 40), ls))) continue;
        out.push({ start: ls, end: f.index + f[0].indexOf(f[1]!) + f[1]!.length, type: 'person_name', prio: 40 });
      }
    }
    if (ft.names && UPPER_LOWER.test(text)) {
      this.lexiconNames(text, out);
      this.titledAndListedNames(text, out, cues);
    }
    if (ft.names && (cues & W_ROLE) !== 0 && CAPS_WORDS.test(text)) this.capsNames(text, out);
    if (ft.names && text.includes('<') && text.includes('>')) {
      DISPLAY_NAME_RE.lastIndex = 0;
      let d: RegExpExecArray | null;
      while ((d = DISPLAY_NAME_RE.exec(text))) {
        const g = d[1]!;
        if (g.split(/[ \t]+/).some((w) => NAME_STOP.has(w))) continue;
        out.push({ start: d.index, end: d.index + g.length, type: 'person_name', prio: 40 });
      }
    }
    if (ft.names && text.includes('/') && CAPS_PAIR.test(text)) this.paxNames(text, out);
    if ((cues & W_PASSWORD) !== 0) this.prosePasswords(text, out);
    if (ft.names && UPPER_LOWER.test(text)) this.moreNames(text, out, cues);
    if (ft.names && (cues & W_SINGLE_NAME) !== 0) {
      SINGLE_NAME_RE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = SINGLE_NAME_RE.exec(text))) {
        const g = m[1]!;
        if (NAME_STOP.has(g)) continue;
        const s = m.index + m[0].lastIndexOf(g); // the match may end with the character after the name
        out.push({ start: s, end: s + g.length, type: 'person_name', prio: 35 });
      }
    }
    // ADDR_HINT_A and SPACE_DIGIT only where the digit pass saw what they need
    const hintA = ft.addresses && (shapes & SH_ADDR_A) !== 0 && ADDR_HINT_A.test(text);
    const spaceDigit = (shapes & SH_SPACE_DIGIT) !== 0;
    // each hint is asked once (lazily, in the order the test below needs them)
    let hintB: boolean | undefined;
    let hintC: boolean | undefined;
    let hintPobox: boolean | undefined;
    let hintWeak: boolean | undefined;
    if (
      ft.addresses &&
      (hintA ||
        (spaceDigit && ((hintB = ADDR_HINT_B.test(lc())) || (hintC = streetTypeBeforeNumber(lc())) || (hintPobox = POBOX_HINT.test(text)))) ||
        (hintWeak = ADDR_WEAK_HINT.test(text)) ||
        ((shapes & SH_DIGIT) !== 0 && (cues & W_ADDR_CUE) !== 0))
    ) {
      let m: RegExpExecArray | null;
      const anchors: Array<[number, number]> = [];
      const collect = (re: RegExp): void => {
        re.lastIndex = 0;
        let a: RegExpExecArray | null;
        while ((a = re.exec(text))) anchors.push([a.index, a.index + a[0].length]);
      };
      if (hintA) collect(ADDR_US_RE);
      if (hintA && ADDR_JP_HINT.test(text)) collect(ADDR_JP_RE);
      if (spaceDigit) {
        if ((hintC ??= streetTypeBeforeNumber(lc()))) {
          collect(ADDR_DE_RE);
          ADDR_EN_NUMBER_AFTER_RE.lastIndex = 0;
          let a: RegExpExecArray | null;
          while ((a = ADDR_EN_NUMBER_AFTER_RE.exec(text))) {
            const end = a.index + a[0].lastIndexOf(',');
            anchors.push([a.index, end]);
            ADDR_EN_NUMBER_AFTER_RE.lastIndex = end;
          }
        }
        if ((hintB ??= ADDR_HINT_B.test(lc()))) collect(ADDR_ROMANCE_RE);
        if ((hintPobox ??= POBOX_HINT.test(text))) collect(ADDR_POBOX_RE);
      }
      if (anchors.length > 1) anchors.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
      let doneTo = 0;
      for (const [as, ae] of anchors) {
        if (as < doneTo) continue;
        let s = as;
        // the small words a street name starts with (An der Luisenburg, van der Veldedijk, U Školičky)
        // an anchor never starts inside a word: `\b` is ASCII, so `Ørnevej 68B` was found from `rnevej`
        while (s > 0 && LETTER.test(text[s - 1]!)) s--;
        s = leadParticleStart(text, s);
        const lead = ADDR_LEAD_UNIT.exec(text.slice(Math.max(0, s - 24), s));
        if (lead) s -= lead[0].length;
        let e = ae;
        // a house number written with a trailing dot (`Erzsébet tér 19.`, HU, and ordinal styles): the dot
        // belongs to the address only when a unit or another address line follows it
        if (text.charCodeAt(e) === 46 && e + 1 < text.length && (text.charCodeAt(e + 1) === 10 || text.charCodeAt(e + 1) === 32) && isDigitCode(text.charCodeAt(e - 1))) {
          const u = units(text, e + 1);
          ADDR_SEG.lastIndex = e + 1;
          if (u > e + 1 || ADDR_SEG.exec(text)) e = u;
        }
        e = units(text, e);
        for (let k = 0; k < 4; k++) {
          ADDR_SEG.lastIndex = e;
          const seg = ADDR_SEG.exec(text);
          if (!seg || seg[0].length === 0) break;
          const firstWord = seg[0].replace(/^[\s,]+/, '').split(/[\s.:]/)[0]!;
          if (ADDR_SEG_STOP.has(firstWord)) break;
          if (COUNTRY_OR_STATE_ONLY.test(seg[0]) && k > 0) {
            e = ADDR_SEG.lastIndex;
            continue;
          }
          e = ADDR_SEG.lastIndex;
          e = units(text, e);
        }
        out.push({ start: s, end: e, type: 'address', prio: 56 });
        doneTo = e;
      }
      if ((cues & W_ADDR_CUE) !== 0) {
        ADDR_CUE_RE.lastIndex = 0;
        while ((m = ADDR_CUE_RE.exec(text))) {
          // keep the lines that look like address parts: stop at a blank line or a line of a different kind
          const sentenceEnd = SENTENCE_END.exec(m[1]!);
          const lines = (sentenceEnd ? m[1]!.slice(0, sentenceEnd.index + sentenceEnd[0].indexOf('.')) : m[1]!).split('\n');
          let keep = '';
          for (let k = 0; k < lines.length; k++) {
            const ln = lines[k]!;
            if (k > 0 && (!/\S/.test(ln) || ADDR_SEG_STOP.has(ln.trim().split(/[\s.:]/)[0]!) || /[:@]|https?:/.test(ln))) break;
            keep += (k > 0 ? '\n' : '') + ln;
          }
          keep = keep.replace(/[\s,]+$/, '');
          if (!/\d/.test(keep) || keep.length < 5) continue;
          // it must look like an address: a house number first, a postcode, or several parts
          if (!/^\d/.test(keep) && !/\b\d{4,5}\b/.test(keep) && !/[,\n]/.test(keep)) continue;
          const s0 = m.index + m[0].length - m[1]!.length;
          out.push({ start: s0, end: s0 + keep.length, type: 'address', prio: 52 });
        }
      }
      ADDR_WEAK_RE.lastIndex = 0;
      while ((hintWeak ??= ADDR_WEAK_HINT.test(text)) && (m = ADDR_WEAK_RE.exec(text))) {
        let s0 = m.index;
        let e = s0 + m[0].length;
        const words = m[0].trim().split(/[ \t]+/);
        if (words.some((w) => NAME_STOP.has(w))) continue;
        const afterStreet = e;
        e = units(text, e);
        if (e === afterStreet) {
          ADDR_POSTCODE_NEXT.lastIndex = e;
          if (!ADDR_POSTCODE_NEXT.exec(text)) continue;
        }
        for (let k = 0; k < 5; k++) {
          ADDR_SEG.lastIndex = e;
          const seg = ADDR_SEG.exec(text);
          if (!seg || seg[0].length === 0) break;
          if (ADDR_SEG_STOP.has(seg[0].replace(/^[\s,]+/, '').split(/[\s.:]/)[0]!)) break;
          e = ADDR_SEG.lastIndex;
          e = units(text, e);
        }
        s0 = leadParticleStart(text, s0);
        out.push({ start: s0, end: e, type: 'address', prio: 53 });
        ADDR_WEAK_RE.lastIndex = e;
      }
    }
  }
}

/** A word (any case) is a first or last name of the lexicon. */
function inLexicon(lex: NameLexicon, w: string): boolean {
  const lc = w.toLowerCase();
  return lex.first.has(lc) || lex.last.has(lc);
}

function withAction(c: Cand, action: Action | undefined): Cand {
  if (action) c.action = action;
  return c;
}

/** Unit parts after a street (`Apt. 353 Suite 387`), as many as follow. */
/** Where a street found at `s` starts once the small words before its name are taken (`An der`, `van der`, `U`). */
function leadParticleStart(text: string, s: number): number {
  const particle = ADDR_LEAD_PARTICLE.exec(text.slice(Math.max(0, s - 24), s));
  return particle ? s - particle[1]!.length : s;
}

function units(text: string, e: number): number {
  // a flat after the house number: `84/92` (PL, CZ, ES…), `5 A 3` (FI, SE: staircase, then flat)
  ADDR_FLAT_TAIL.lastIndex = e;
  if (ADDR_FLAT_TAIL.exec(text)) e = ADDR_FLAT_TAIL.lastIndex;
  else if (e >= 3 && text.charCodeAt(e - 2) === 32 && isUpperAscii(text.charCodeAt(e - 1)) && isDigitCode(text.charCodeAt(e - 3))) {
    ADDR_STAIR_FLAT.lastIndex = e;
    if (ADDR_STAIR_FLAT.exec(text)) e = ADDR_STAIR_FLAT.lastIndex;
  }
  for (let k = 0; k < 4; k++) {
    ADDR_UNIT.lastIndex = e;
    if (!ADDR_UNIT.exec(text) || ADDR_UNIT.lastIndex <= e) break;
    e = ADDR_UNIT.lastIndex;
  }
  return e;
}

function run(re: RegExp, text: string, group: number, type: PiiType, prio: number, out: Cand[], validate?: (s: string) => boolean): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const g = m[group];
    if (!g) continue;
    if (validate && !validate(g)) continue;
    const s = m.index + m[0].lastIndexOf(g);
    out.push({ start: s, end: s + g.length, type, prio });
  }
}

/** The two nearest enclosing keys: enough context (`shippingAddress.name`), constant cost at any depth. */
function nearest(stack: string[]): string[] {
  const n = stack.length;
  return n <= 2 ? stack.slice() : [stack[n - 2]!, stack[n - 1]!];
}

/** The text with every candidate of priority ≥ 80 (keys, secrets) blanked out, offsets unchanged. */
function maskTaken(text: string, cands: Cand[], keys: Array<[number, number]> = []): string {
  // the usual case first: nothing long enough was taken, the text is scanned as it is
  let any = false;
  for (const c of cands)
    if (c.prio >= 80 && c.end - c.start >= 8) {
      any = true;
      break;
    }
  if (!any)
    for (const k of keys)
      if (k[1] - k[0] >= 4) {
        any = true;
        break;
      }
  if (!any) return text;
  // the taken candidates (few) sorted, then merged with the key ranges, which the JSON scanner found in order
  // (sorting them all together was most of this function's time on JSON bodies)
  const taken: Array<[number, number]> = [];
  for (const c of cands) if (c.prio >= 80 && c.end - c.start >= 8) taken.push([c.start, c.end]);
  if (taken.length > 1) taken.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let p = 0;
  let i = 0;
  let j = 0;
  for (;;) {
    let r: [number, number];
    if (i < taken.length && (j >= keys.length || taken[i]![0] <= keys[j]![0])) r = taken[i++]!;
    else if (j < keys.length) {
      r = keys[j++]!;
      if (r[1] - r[0] < 4) continue;
    } else break;
    const s = r[0];
    const e = r[1];
    if (s < p) {
      if (e > p) {
        parts.push(masks(e - p));
        p = e;
      }
      continue;
    }
    parts.push(text.slice(p, s), masks(e - s));
    p = e;
  }
  parts.push(text.slice(p));
  return parts.join('');
}
const MASKS = '\u0001'.repeat(1024);
function masks(n: number): string {
  return n <= MASKS.length ? MASKS.slice(0, n) : MASK.repeat(n);
}
const MASK = '\u0001';

function inRanges(r: Array<[number, number]>, s: number, e: number): boolean {
  for (const [a, b] of r) if (s < b && e > a) return true;
  return false;
}

/** A more specific type when the value's shape says so (a JWT under `token` is a `jwt`). */
export function refineType(type: PiiType, v: string): PiiType {
  if (v.startsWith('eyJ') && v.includes('.')) return 'jwt';
  if (/^Atz[ar](?:\||%7C)/i.test(v)) return 'lwa_token';
  if (v.startsWith('-----BEGIN') && v.includes('PRIVATE KEY')) return 'private_key';
  if ((v.startsWith('AKIA') || v.startsWith('ASIA')) && /^(?:AKIA|ASIA)[A-Z0-9]{16}$/.test(v)) return 'aws_access_key';
  if (v.startsWith('amzn1.oa2-cs.')) return 'api_key';
  return type;
}

/** Highest priority first; a candidate overlapping an accepted one is dropped, unless it lies inside a larger keyed one. */
function resolve(cands: Cand[], n: number, text = ''): Span[] {
  if (cands.length === 0) return [];
  if (cands.length > 1) cands.sort((a, b) => b.prio - a.prio || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const out: Span[] = [];
  // few candidates (the usual case): overlap checks against the accepted list; many: a bitmap
  const taken = cands.length > 24 ? new Uint8Array(n) : undefined;
  const isTaken = (i: number): boolean => {
    if (taken) return taken[i] === 1;
    for (const o of out) if (i >= o.start && i < o.end) return true;
    return false;
  };
  const take = (s: number, e: number, c: Cand, whole: boolean): void => {
    if (taken) taken.fill(1, s, e);
    out.push(whole && c.action ? { start: s, end: e, type: c.type, action: c.action } : { start: s, end: e, type: c.type });
  };
  for (const c of cands) {
    const s = Math.max(0, c.start);
    let e = Math.min(n, c.end);
    // never the escape of a closing quote (`\"S3cr3t\"` inside a JSON string): the output must stay valid JSON
    if (e > s && text.charCodeAt(e - 1) === 92 && (text[e] === '"' || text[e] === "'")) {
      let k = 1;
      while (e - k > s && text.charCodeAt(e - k - 1) === 92) k++;
      if (k % 2 === 1) e--; // an odd run escapes the quote; an even one is escaped backslashes of the value
    }
    // a name word never ends in an apostrophe: that one closes a quoted value (`'name': 'Jane Doe'`)
    if (c.type === 'person_name') while (e > s && (text[e - 1] === "'" || text[e - 1] === '’')) e--;
    if (e <= s) continue;
    let free = true;
    if (taken) {
      for (let i = s; i < e; i++)
        if (taken[i]) {
          free = false;
          break;
        }
    } else
      for (const o of out)
        if (s < o.end && e > o.start) {
          free = false;
          break;
        }
    if (free) {
      take(s, e, c, true);
      continue;
    }
    // a broad span (address, name, free text) keeps the parts that no stronger detection took
    if (!BROAD.has(c.type as string)) continue;
    const parts: Array<[number, number]> = [];
    let i = s;
    while (i < e) {
      while (i < e && isTaken(i)) i++;
      let j = i;
      while (j < e && !isTaken(j)) j++;
      let x = i;
      let y = j;
      while (x < y && TRIM_CHAR.test(text[x] ?? '')) x++;
      while (y > x && TRIM_CHAR.test(text[y - 1] ?? '')) y--;
      // an address remainder must still look like part of an address (a number in it)
      if (y - x >= 2 && (c.type !== 'address' || /\d/.test(text.slice(x, y)))) parts.push([x, y]);
      i = j;
    }
    for (const [x, y] of parts) take(x, y, c, false);
  }
  out.sort((a, b) => a.start - b.start);
  return mergeAdjacentAddresses(out, text);
}

/** Address parts found apart (a building number, then the street it belongs to) and separated only by a space or a comma are one address. */
function mergeAdjacentAddresses(spans: Span[], text: string): Span[] {
  let w = 0;
  for (let i = 0; i < spans.length; i++) {
    const c = spans[i]!;
    const p = w > 0 ? spans[w - 1]! : undefined;
    if (p && p.type === 'address' && c.type === 'address' && p.action === c.action && c.start - p.end <= 2 && ADDRESS_GAP.test(text.slice(p.end, c.start))) {
      spans[w - 1] = p.action ? { start: p.start, end: c.end, type: 'address', action: p.action } : { start: p.start, end: c.end, type: 'address' };
      continue;
    }
    spans[w++] = c;
  }
  spans.length = w;
  return spans;
}
const ADDRESS_GAP = /^[ ,]*$/;

const BROAD = new Set(['address', 'free_text_personal', 'gift_message']);
const TRIM_CHAR = /[\s,;:.()"'-]/;

/** Every regular expression of the engine (besides the policy's detectors), for the RE2 check in the tests. */
export const INTERNAL_PATTERNS: readonly RegExp[] = [CUE_WORDS.re, STRONG_LITERALS.re, DIGIT_FROM, V6_GROUPS, MAC_PAIRS, VENDOR_HINT, CIDR_SUFFIX, CLI_HINT, HEX_COLON, MAC_HINT, CARD_HINT, IBAN_HINT, SSN_HINT, PHONE_US_HINT, PHONE_NAT_HINT, IPV4_HINT, VERSION_BEFORE, PREPOSITION, NAME_RE, ROLE_CUE_NAME_RE, DON_NAME_RE, LOWER_LETTER, FIRST_AFTER_COMMA, LAST_BEFORE_COMMA, NAME_CUE_BEFORE, SINGLE_NAME_RE, LEX_WORD_RE, LEFT_WORD_RE, RIGHT_WORD_RE, SINGLE_CUE_BEFORE, HONORIFIC_NAME_RE, NAME_SUBJECT_RE, NAME_IS_RE, FIRST_NAME_VERB_AFTER, FIRST_NAME_AUX_AFTER, NAME_LIST_RE, NAME_LIST_HINT, NAME_LIST_SPLIT, NAME_SUFFIX, SUFFIX_WORD, PROSE_FIELD, PROSE, ADDR_US_RE, ADDR_EN_NUMBER_AFTER_RE, ADDR_JP_RE, ADDR_JP_HINT, ADDR_DE_RE, ADDR_ROMANCE_RE, ADDR_POBOX_RE, ADDR_WEAK_RE, ADDR_POSTCODE_NEXT, ADDR_WEAK_HINT, ADDR_UNIT, ADDR_FLAT_TAIL, ADDR_STAIR_FLAT, ADDR_SEG, ADDR_LEAD_UNIT, ADDR_LEAD_PARTICLE, LETTER, TRIM_CHAR, SENTENCE_END, COUNTRY_OR_STATE_ONLY, PHONE_TRAIL_RE, DIGIT_RUN, GIFT_RE, REDACTED_MARK, LOCAL_CHAR, LOCAL_START, DOMAIN_RE, JWT_STICKY, TOKEN_RUN, SQL_START, UPPER_LOWER, NAME_HINT, ADDR_HINT_A, ADDR_HINT_B, ADDR_HINT_C, STREET_TYPE_END, SPACES_DIGIT, SPACE_DIGIT, ADDRESS_GAP, XML_RE, ESC_JSON_RE, SQL_OP_RE, SQL_COLUMN_CHAR, SQL_IN_RE, SQL_IN_ITEM, SQL_INSERT_RE, SQL_VALUE_TOKEN, HEADER_LINE_RE, NEXT_LABEL_RE, COOKIE_PAIR_RE, ADDR_CUE_RE, DOB_RE, GEO_RE, GEO_AT_RE, GEO_HEMI_RE, GEO_HEMI_HINT, LAT_LNG_RE, DISPLAY_NAME_RE, ROLE_NAME_RE, INITIAL_NAME_RE, VOCATIVE_RE, PASSWORD_PROSE_RE, PASSWORD_BARE_RE, PASSWORD_BARE_TOKEN, QUOTED_TOKEN_RE, NOT_A_PASSWORD_BEFORE, CAPS_NAME_RE, PAX_NAME_RE, CAPS_PAIR, CAPS_WORDS, INITIAL_HINT, PASSWORD_PROSE_TOKEN, PHONE_CUE_RE, BEYOND_LATIN, SCRIPT_NAME_RE, SCRIPT_HONORIFIC_RE, SCRIPT_PHONE_RE, SCRIPT_ADDRESS_RE, ADDRESS_VALUE_END, FREE_TEXT_CUE_RE, FREE_TEXT_LABEL_RE, FREE_TEXT_LABEL_BARE_RE, KV_RE, MULTIPART_RE, CSV_HEADER_RE, YAML_LIST_RE, YAML_ITEM_RE, ...Object.values(KV_EXTEND)];
