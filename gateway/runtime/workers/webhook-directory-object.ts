import { DurableObject, type DurableObjectState, type SqlStorage } from 'cloudflare:workers';
import type { ObjectNamespace, WebhookDirectoryStub, WebhookSubscriptionStub } from './webhook-objects';

/** Subscriptions told per alarm: each is a call to another object, and an invocation's calls are bounded. */
const WAKE_BATCH = 200;
/** Calls in flight at once while waking. */
const WAKE_CONCURRENCY = 16;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS subscriptions (id TEXT PRIMARY KEY, owner TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS subscriptions_by_owner ON subscriptions (owner, created_at);
CREATE TABLE IF NOT EXISTS waking (one INTEGER PRIMARY KEY CHECK (one = 1), after TEXT, again INTEGER NOT NULL);`;

interface DirectoryEnv {
  WEBHOOKS: ObjectNamespace<WebhookSubscriptionStub>;
}

/**
 * The webhook subscriptions' directory, one SQLite-backed Durable Object (named "directory"): the
 * index that listing by owner and counting need (a subscription's own object holds the rest), and
 * the fan-out of a wake. A wake only sets the alarm; the alarm tells the subscriptions in id order,
 * WAKE_BATCH per run, setting itself again until all were told, and once more from the start when
 * a wake came meanwhile (a subscription told early may have gone idle before the newer events).
 * Rows are bounded by the `max` the caller passes (WEBHOOK_MAX_SUBSCRIPTIONS of durable-webhook-store.ts).
 */
export class WebhookDirectoryObject extends DurableObject<DirectoryEnv> implements WebhookDirectoryStub {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: DirectoryEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  async add(id: string, owner: string, createdAt: number, max: number): Promise<boolean> {
    return this.ctx.storage.transactionSync(() => {
      const { n } = this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM subscriptions').one();
      if (n >= max) return false;
      this.sql.exec('INSERT INTO subscriptions (id, owner, created_at) VALUES (?, ?, ?)', id, owner, createdAt);
      return true;
    });
  }

  async remove(id: string): Promise<void> {
    this.sql.exec('DELETE FROM subscriptions WHERE id = ?', id);
  }

  async list(owner: string | null, limit: number): Promise<string[]> {
    const rows =
      owner === null
        ? this.sql.exec<{ id: string }>('SELECT id FROM subscriptions ORDER BY created_at, id LIMIT ?', limit)
        : this.sql.exec<{ id: string }>('SELECT id FROM subscriptions WHERE owner = ? ORDER BY created_at, id LIMIT ?', owner, limit);
    return rows.toArray().map((row) => row.id);
  }

  async count(owner: string): Promise<number> {
    return this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM subscriptions WHERE owner = ?', owner).one().n;
  }

  async wake(): Promise<void> {
    const state = this.waking();
    if (state === null) this.sql.exec("INSERT INTO waking (one, after, again) VALUES (1, '', 0)");
    else this.sql.exec('UPDATE waking SET again = 1 WHERE one = 1');
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > Date.now()) await this.ctx.storage.setAlarm(Date.now());
  }

  /** Tells the next WAKE_BATCH subscriptions; sets itself again while any are left, or a wake came meanwhile. */
  async alarm(): Promise<void> {
    const state = this.waking();
    if (state === null) return;
    const ids = this.sql
      .exec<{ id: string }>('SELECT id FROM subscriptions WHERE id > ? ORDER BY id LIMIT ?', state.after, WAKE_BATCH)
      .toArray()
      .map((row) => row.id);
    const now = Date.now();
    for (let i = 0; i < ids.length; i += WAKE_CONCURRENCY) {
      await Promise.all(
        ids.slice(i, i + WAKE_CONCURRENCY).map((id) =>
          this.env.WEBHOOKS.get(this.env.WEBHOOKS.idFromName(id))
            .wake(now)
            .catch((error: unknown) => console.log(JSON.stringify({ level: 'warn', msg: 'waking a webhook subscription failed', id, error: String(error) }))),
        ),
      );
    }
    const current = this.waking();
    if (ids.length === WAKE_BATCH) this.sql.exec('UPDATE waking SET after = ? WHERE one = 1', ids.at(-1)!);
    else if (current?.again) this.sql.exec("UPDATE waking SET after = '', again = 0 WHERE one = 1");
    else {
      this.sql.exec('DELETE FROM waking');
      return;
    }
    await this.ctx.storage.setAlarm(Date.now());
  }

  private waking(): { after: string; again: boolean } | null {
    const row = this.sql.exec<{ after: string; again: number }>('SELECT after, again FROM waking WHERE one = 1').toArray()[0];
    return row ? { after: row.after, again: row.again === 1 } : null;
  }
}
