export function collectorPatterns(): string[] { return []; }
export function collectorRedactionConfig(): string { return ''; }
