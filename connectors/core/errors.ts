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
