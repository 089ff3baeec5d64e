// Scoring of the corpus README (character/span recall and precision, false-positive line rate).
export function score(lines, detectAll) {
  let lab = 0, rem = 0, hit = 0, negLines = 0, negHit = 0, runs = 0, goodRuns = 0;
  const perType = {};
  const misses = [], fps = [];
  lines.forEach((l, idx) => {
    const n = l.value.length, L = new Uint8Array(n), X = new Uint8Array(n), skip = new Uint8Array(n);
    for (const s of l.pii) L.fill(1, s.start, s.end);
    for (const s of l.other_spans ?? []) skip.fill(1, s.start, s.end);
    for (const s of detectAll[idx]) X.fill(1, Math.max(0, s.start), Math.min(n, s.end));
    for (let i = 0; i < n; i++) if (skip[i] && !L[i]) X[i] = 0;
    let any = false;
    for (let i = 0; i < n; i++) {
      if (L[i]) lab++;
      if (X[i]) { rem++; any = true; }
      if (L[i] && X[i]) hit++;
    }
    if (l.pii.length === 0) { negLines++; if (any) { negHit++; fps.push(l); } }
    for (const s of l.pii) {
      const t = (perType[s.type] ??= { n: 0, caught: 0 });
      t.n++;
      let all = true;
      for (let i = s.start; i < s.end; i++) if (!X[i]) { all = false; break; }
      if (all) t.caught++; else misses.push({ l, s });
    }
    for (let i = 0; i < n; ) {
      if (!X[i]) { i++; continue; }
      let j = i, good = 0;
      while (j < n && X[j]) { if (L[j]) good++; j++; }
      runs++;
      if (good * 2 >= j - i) goodRuns++;
      else if (l.pii.length) fps.push({ ...l, run: l.value.slice(i, j) });
      i = j;
    }
  });
  const types = Object.values(perType);
  return {
    charRecall: hit / lab, charPrecision: rem ? hit / rem : 0, spanPrecision: runs ? goodRuns / runs : 0,
    spanRecallMacro: types.reduce((a, t) => a + t.caught / t.n, 0) / types.length,
    perType, falsePositiveLineRate: negLines ? negHit / negLines : 0, misses, fps,
  };
}

