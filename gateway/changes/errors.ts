/** A cursor older than the log's retention (or from a log that no longer holds it): readers answer CURSOR_EXPIRED, or 410. */
export class CursorExpiredError extends Error {
  override readonly name = 'CursorExpiredError';
  readonly code = 'CURSOR_EXPIRED';
  constructor(readonly economy: string) {
    super(`the change cursor reaches back past what the log keeps for ${economy}: take a new export and read from its cursor`);
  }
}

/** A cursor this log never issued (malformed, or forged): readers answer BAD_USER_INPUT, or 400. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  readonly code = 'BAD_USER_INPUT';
  constructor(reason: string) {
    super(`not a change cursor: ${reason}`);
  }
}

/** The log's state rows would pass their byte bound: the harvest's changes are not recorded (the catalogue still serves). */
export class ChangeStateFullError extends Error {
  override readonly name = 'ChangeStateFullError';
  constructor(limitBytes: number) {
    super(`the change log's product states would exceed ${limitBytes} bytes; raise the bound or use a store that holds more`);
  }
}
