/**
 * `--queue redis://[user:password@]host:port[/db]` (or `rediss://` for TLS) as the connection options
 * BullMQ hands to ioredis. Errors name the flag and the part that is wrong.
 */

/** What BullMQ needs to reach Redis (a subset of ioredis' options). */
export interface QueueConnection {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /** Present for `rediss://`: connect with TLS. */
  tls?: Record<string, never>;
  /** BullMQ workers block on Redis: ioredis must not give up on a command after N retries. */
  maxRetriesPerRequest: null;
}

/**
 * Parses a Redis URL. Port defaults to 6379, db to 0; the password may be percent-encoded.
 *
 * @example
 * parseQueueUrl('redis://127.0.0.1:6380/2', '--queue'); // { host: '127.0.0.1', port: 6380, db: 2, maxRetriesPerRequest: null }
 */
export function parseQueueUrl(text: string, flag: string): QueueConnection {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${flag}: expected redis://host:port[/db] or rediss://…, got '${text}'`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error(`${flag}: expected a redis:// or rediss:// URL, got '${url.protocol}' in '${text}'`);
  if (url.hostname === '') throw new Error(`${flag}: no host in '${text}'`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  const db = path === '' ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0 || db > 15) throw new Error(`${flag}: the database must be an integer 0…15, got '${path}' in '${text}'`);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** The URL without its password, for messages and reports. */
export function redactQueueUrl(text: string): string {
  return text.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
