// The one error type the generator throws on purpose, in a module of its own so that every
// part of the generator can throw it without importing corpus.ts (which imports them all).

/** A problem the user can fix: a bad count, or a folder we will not replace. */
export class CorpusError extends Error {}
