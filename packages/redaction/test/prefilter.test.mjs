// The prefilters of src/prefilter.ts against what they stand for: Bigrams.includes against
// String.prototype.includes, WordSets.find against one `includes` per word, on random texts built
// from the literals themselves (so that hits, near misses and hash collisions all occur).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Bigrams, PlainLiterals, WordSets } = require('../dist/prefilter.js');

let seed = 20261206;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
const pick = (a) => a[Math.floor(rnd() * a.length)];

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

test('Bigrams.includes answers exactly String.prototype.includes (5,000 random texts, every literal)', () => {
  const g = new Bigrams();
  let hits = 0;
  let ruledOut = 0;
  for (let k = 0; k < 5000; k++) {
    const t = randomText();
    g.fill(t);
    for (const lit of LITERALS) {
      const want = t.includes(lit);
      assert.equal(g.includes(lit), want, `${JSON.stringify(lit)} in ${JSON.stringify(t)}`);
      // may() is a necessary condition: never false where the literal occurs
      if (want) assert.equal(g.may(lit), true);
      hits += want ? 1 : 0;
      ruledOut += g.may(lit) ? 0 : 1;
    }
  }
  // both sides were exercised, and the filter does rule literals out without a scan
  assert.ok(hits > 1000, `hits ${hits}`);
  assert.ok(ruledOut > 10000, `ruled out ${ruledOut}`);
});

test('Bigrams: a refilled index forgets the previous text; empty and one-character texts', () => {
  const g = new Bigrams();
  g.fill('Bearer eyJabc');
  assert.equal(g.includes('eyJ'), true);
  g.fill('plain text');
  assert.equal(g.includes('eyJ'), false);
  assert.equal(g.may('eyJ'), false);
  g.fill('');
  assert.equal(g.includes('a'), false);
  g.fill('@');
  assert.equal(g.includes('@'), true);
  assert.equal(g.includes('@@'), false);
  assert.equal(new PlainLiterals('a@b').includes('@'), true);
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
