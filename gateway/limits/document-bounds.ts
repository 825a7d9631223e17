import { Kind, type DocumentNode } from 'graphql';
import { LimitExceeded } from './query-cost';

export interface DocumentLimits {
  /** Fragment definitions in one document. */
  maxFragments: number;
  /** Directives written anywhere in the document. */
  maxDirectives: number;
}

/**
 * Counts what a document declares (fragment definitions, directives), as written, and throws
 * LimitExceeded past a bound. One pass over the parsed document, which the token limit keeps small.
 */
export function checkDocumentBounds(document: DocumentNode, limits: DocumentLimits): void {
  let fragments = 0;
  let directives = 0;
  const stack: unknown[] = [document];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    if (!node || typeof node !== 'object' || !('kind' in node)) continue;
    if (node.kind === Kind.FRAGMENT_DEFINITION && ++fragments > limits.maxFragments) {
      throw new LimitExceeded(`more than ${limits.maxFragments} fragments`);
    }
    if (node.kind === Kind.DIRECTIVE && ++directives > limits.maxDirectives) {
      throw new LimitExceeded(`more than ${limits.maxDirectives} directives`);
    }
    for (const key of ['definitions', 'selectionSet', 'selections', 'directives', 'variableDefinitions'] as const) {
      const child = (node as Record<string, unknown>)[key];
      if (child) stack.push(child);
    }
  }
}
