/**
 * The message without graphql-js's suggestions (` Did you mean "economies"?`), which would let a
 * stranger map the schema by typos; development mode keeps them.
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?\s*$/s, '');
}
