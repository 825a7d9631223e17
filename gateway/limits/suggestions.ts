/**
 * The message without graphql-js's suggestions (` Did you mean "economies"?`), which would let a
 * stranger map the schema by typos; development mode keeps them.
 */
export function withoutSuggestions(message: string): string {
  // A suggestion is the last "Did you mean …?" and ends the message. Found by index, not by
  // /\s*Did you mean [^?]*\?\s*$/s, which rescans to the end from every "Did you mean".
  const at = message.lastIndexOf('Did you mean ');
  if (at < 0) return message;
  const question = message.indexOf('?', at);
  if (question < 0 || message.slice(question + 1).trim() !== '') return message;
  return message.slice(0, at).trimEnd();
}
