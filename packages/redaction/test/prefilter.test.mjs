// The prefilters of src/prefilter.ts against what they stand for: WordSets.find and findBoth
// against one `includes` per word, on random texts built
// from the literals themselves (so that hits, near misses and overlapping words all occur).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { WordSets } = require('../dist/prefilter.js');

let seed = 20261206;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
const pick = (a) => a[Math.floor(rnd() * a.length)];
/** A second automaton for findBoth where only the first one is under test. */
const NONE = new WordSets([['\u0000']]);
/** Up to `max` pieces of `parts`, joined. */
const joinRandom = (parts, max) => Array.from({ length: Math.floor(rnd() * max) }, () => pick(parts)).join('');

const LITERALS = ['eyJ', 'Atz', '-----BEGIN', 'AKIA', '_live_', 'sk-', 'ghp_', 'SG.', '%40', '://', '@', 'earer', 'IDENTIFIED', 'é le', 'Reisepass', 'hooks.slack.com', 'x', 'ab', 'ba', '\u00e9\u00e8', '\ud83d\ude00'];
const NOISE = ['a', 'b', 'e', 'y', 'J', ' ', '-', '_', '.', ':', '/', '%', '4', '0', 'é', 'E', 'Y', 'A', 't', 'z', '\ud83d', '\ude00'];

function randomText() {
  let t = '';
  const n = Math.floor(rnd() * 40);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.15) t += pick(LITERALS);
    else if (r < 0.3) t += pick(LITERALS).slice(0, -1); // a near miss: the literal's prefix
    else t += pick(NOISE);
  }
  return t;
}

test('WordSets.find answers exactly one String.prototype.includes per word (5,000 random texts, overlapping words)', () => {
  // words that are suffixes, prefixes and infixes of each other: the failure links must report each of them
  const lists = [['he', 'she'], ['his', 'hers'], ['é le', 'e'], ['\ud83d\ude00'], ...LITERALS.map((l) => [l])];
  const ws = new WordSets(lists.slice(0, 31));
  let hits = 0;
  for (let k = 0; k < 5000; k++) {
    const t = randomText() + pick(['', 'ushers', 'hishe', 'sh', 'é l']);
    let want = 0;
    lists.slice(0, 31).forEach((l, i) => {
      if (l.some((w) => t.includes(w))) want |= 1 << i;
    });
    assert.equal(ws.find(t), want, JSON.stringify(t));
    hits += want !== 0 ? 1 : 0;
  }
  assert.ok(hits > 2000, `hits ${hits}`);
});

test('WordSets.findBoth answers lists beyond the 31st (up to 62), and refuses more', () => {
  const lists = [];
  for (let i = 0; i < 45; i++) lists.push([pick(LITERALS) + String.fromCharCode(97 + (i % 26)), LITERALS[i % LITERALS.length]]);
  const ws = new WordSets(lists);
  const into = new Int32Array(3);
  let high = 0;
  for (let k = 0; k < 3000; k++) {
    const t = randomText() + pick(['a', 'b', 'c', 'q', 'z']);
    let lo = 0;
    let hi = 0;
    lists.forEach((l, i) => {
      if (!l.some((w) => t.includes(w))) return;
      if (i < 31) lo |= 1 << i;
      else hi |= 1 << (i - 31);
    });
    WordSets.findBoth(t, ws, NONE, into);
    assert.deepEqual([into[0], into[1]], [lo, hi], JSON.stringify(t));
    assert.equal(ws.find(t), lo);
    high += hi !== 0 ? 1 : 0;
  }
  assert.ok(high > 500, `texts with a list beyond the 31st: ${high}`);
  assert.throws(() => new WordSets(Array.from({ length: 63 }, () => ['x'])), /at most 62 lists/);
  assert.throws(() => new WordSets([['']]), /empty word/);
});

test('WordSets.find sets the bit of each list that has a word in the text', () => {
  const lists = [['dob', 'born'], ['call', 'tel'], ['é le', 'née'], ['hi']];
  const ws = new WordSets(lists);
  for (let k = 0; k < 3000; k++) {
    let t = '';
    const n = Math.floor(rnd() * 12);
    for (let i = 0; i < n; i++) t += rnd() < 0.3 ? pick(lists.flat()) : pick(['o', 'b', 'r', 'n', ' ', 'é', 'l', 'e', 't', 'c', 'a', 'h', 'i']);
    let want = 0;
    lists.forEach((l, i) => {
      if (l.some((w) => t.includes(w))) want |= 1 << i;
    });
    assert.equal(ws.find(t), want, JSON.stringify(t));
  }
});

test('streetTypeBeforeNumber answers exactly ADDR_HINT_C.test (4,000 random texts)', () => {
  const { streetTypeBeforeNumber, ADDR_HINT_C } = require('../dist/engine.js');
  const parts = ['gate', 'u.', 'straße', 'weg', 'tie', 'utca', 'náměstí', 'str.', ' ', '  ', '\t', '1', '42', 'a', 'x', '.', ',', '\n', 'proper', 'ties', 'hof'];
  let hits = 0;
  for (let k = 0; k < 4000; k++) {
    const t = joinRandom(parts, 14);
    const want = ADDR_HINT_C.test(t);
    assert.equal(streetTypeBeforeNumber(t), want, JSON.stringify(t));
    hits += want ? 1 : 0;
  }
  assert.ok(hits > 50, `hits ${hits}`);
});

test('WordSets with foldCase finds in a text what find finds in its lower case; findBoth answers both automata', () => {
  const words = [['straße', 'dob', 'é le'], ['call', 'tél'], ['kontakt']];
  const folded = new WordSets(words, { foldCase: true });
  const plain = new WordSets(words);
  const strong = new WordSets([['AKIA'], ['@'], ['eyJ']]);
  const into = new Int32Array(3);
  const noise = ['S', 's', 'TRASSE', 'STRAẞE', 'Straße', 'DOB', 'É LE', 'é', 'É', ' ', 'CALL', 'TÉL', 'Tél', '\u212Aontakt', 'KONTAKT', 'AKIA', 'akia', '@', 'eyJ', 'EYJ', 'x'];
  let hits = 0;
  for (let k = 0; k < 4000; k++) {
    const t = joinRandom(noise, 10);
    const want = plain.find(t.toLowerCase());
    assert.equal(folded.find(t), want, JSON.stringify(t));
    WordSets.findBoth(t, strong, folded, into);
    const strongWant = (t.includes('AKIA') ? 1 : 0) | (t.includes('@') ? 2 : 0) | (t.includes('eyJ') ? 4 : 0);
    assert.deepEqual([into[0], into[1], into[2]], [strongWant, 0, want], JSON.stringify(t));
    hits += want !== 0 ? 1 : 0;
  }
  assert.ok(hits > 1000, `hits ${hits}`);
  assert.throws(() => new WordSets([['Call']], { foldCase: true }), /not lower-case/);
});
