/** A record that cannot be mapped: quarantined with the path of the field and the reason. */
export class RecordError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'RecordError';
  }
}

/** A catalogue that cannot be read at all (transport, encoding or format): the connector is DOWN. */
export class CatalogueError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogueError';
  }
}

/** One issue of a record: the canonical field's path and what is wrong, in the catalogue's own terms. */
export interface RecordIssue {
  path: string;
  message: string;
}

/** Every issue of one record at once (a record is quarantined with all of them, not one per run). */
export class RecordIssues extends RecordError {
  constructor(readonly issues: RecordIssue[]) {
    super(issues[0]?.path ?? '(record)', issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'RecordIssues';
  }
}
