export { classifySql } from './classify.js';
export type { SqlInfo, SqlStatementInfo, SqlKind, SqlEvent } from './classify.js';
export { tokenize, MAX_SQL_CHARS, MAX_TOKENS } from './tokenize.js';
export type { Dialect, Token, Tokens } from './tokenize.js';
