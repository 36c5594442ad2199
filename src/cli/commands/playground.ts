/**
 * `descent playground`: serves the bundled playground page on a local HTTP server, or writes it
 * as static files with `--out`. The page is built by `npm run build` into dist/web.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UsageError } from '../usage-error.js';
import { exitOnSignal, onInterrupt } from '../signals.js';

/** Content types of the files the page is made of. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  // The MNIST panel's digits: served as the compressed file it is; the page gunzips it itself.
  '.gz': 'application/gzip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Headers sent with every response. COOP + COEP make the page cross-origin isolated, so a
 * wasm-threads backend can use SharedArrayBuffer; the page loads nothing from other origins.
 */
export const PLAYGROUND_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
};

/**
 * The folder holding the built page: dist/web beside the compiled CLI, or the repository's
 * dist/web when running from source. Throws with the fix when it was never built.
 */
export function findPlaygroundAssets(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '../../web'), resolve(here, '../../../dist/web')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'app.js')));
  if (!found) throw new Error(`playground: the page is not built (looked in ${candidates.join(' and ')}); run npm run build`);
  return found;
}

/** A running playground server. */
export interface PlaygroundServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the files of `root` (GET and HEAD only, nothing outside `root`) with their MIME types and
 * the cross-origin-isolation headers. Port 0 picks a free port.
 *
 * @example
 * const { url, close } = await startPlaygroundServer({ port: 0 });
 */
export async function startPlaygroundServer(options: { port?: number; host?: string; root?: string } = {}): Promise<PlaygroundServer> {
  const root = resolve(options.root ?? findPlaygroundAssets());
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(PLAYGROUND_HEADERS)) res.setHeader(k, v);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': MIME_TYPES['.txt']! }).end('method not allowed\n');
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400, { 'Content-Type': MIME_TYPES['.txt']! }).end('bad request\n');
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403, { 'Content-Type': MIME_TYPES['.txt']! }).end('forbidden\n');
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'Content-Type': MIME_TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => res.writeHead(404, { 'Content-Type': MIME_TYPES['.txt']! }).end('not found\n'),
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8080, host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port,
    url: `http://${shown === '0.0.0.0' ? 'localhost' : shown}:${port}/`,
    close: () => closeServer(server),
  };
}

/**
 * Stops listening and ends the connections: idle keep-alive sockets at once (a browser keeps them
 * open, and `server.close()` alone would wait for them), busy ones after a second's grace.
 */
function closeServer(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.close(() => ok());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}

/** The file written beside the page for static hosts that read one (Netlify, Cloudflare Pages). */
const HEADERS_FILE = '_headers';

/**
 * Refuses an `--out` the page must not be written into: a file, or a folder holding anything but
 * the playground's own files (`names`). A new or empty folder is fine, as for `descent train --out`;
 * so is a folder the playground was written into before, whose files are replaced by the new build
 * (writing it again after an upgrade is the point of such a folder). Reads only.
 */
export function checkPlaygroundOut(outDir: string, names: readonly string[]): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new UsageError(`--out ${outDir} is a file, not a folder`);
  // A write killed mid-way leaves `.<name>.<pid>.tmp`: the playground's too.
  const own = (name: string): boolean => names.includes(name) || names.includes(name.replace(/^\.(.+)\.\d+\.tmp$/, '$1'));
  const others = readdirSync(outDir).filter((name) => !own(name));
  if (others.length > 0) {
    const shown = others.slice(0, 4).join(', ') + (others.length > 4 ? ', …' : '');
    throw new UsageError(`--out ${outDir} holds files that are not the playground's (${shown}); choose a new or empty folder, or one the playground was written into before`);
  }
}

/**
 * Writes the page as static files into `outDir` (they work from any static host, or opened
 * directly), plus a `_headers` file with the cross-origin-isolation headers for hosts that read
 * one. Returns the files written. `outDir` must be new, empty, or hold only the playground's files
 * (see {@link checkPlaygroundOut}); each file is replaced atomically (a temporary file renamed).
 */
export function writePlaygroundFiles(outDir: string, root = findPlaygroundAssets()): string[] {
  const names = readdirSync(root);
  checkPlaygroundOut(outDir, [...names, HEADERS_FILE]);
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const place = (name: string, write: (tmp: string) => void): void => {
    const tmp = join(outDir, `.${name}.${process.pid}.tmp`);
    try {
      write(tmp);
      renameSync(tmp, join(outDir, name));
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    written.push(join(outDir, name));
  };
  for (const name of names) place(name, (tmp) => copyFileSync(join(root, name), tmp));
  const headers = Object.entries(PLAYGROUND_HEADERS).map(([k, v]) => `  ${k}: ${v}`).join('\n');
  place(HEADERS_FILE, (tmp) => writeFileSync(tmp, `/*\n${headers}\n`));
  return written;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`playground: invalid --port '${value}' (expected an integer from 0 to 65535)`);
  return port;
}

/** Registers `descent playground [--port N] [--host H] [--out DIR]`. */
export function registerPlaygroundCommand(program: Command): void {
  program
    .command('playground')
    .description('serve the interactive playground (optimizers racing on 2-D surfaces, K-means, batch size, a network lab, MNIST) or write it as static files')
    .option('-p, --port <port>', 'port to listen on (0: any free port)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('-o, --out <dir>', 'write the page as static files into <dir> instead of serving it: a new or empty folder, or one the playground was written into before (its files are replaced)')
    .action(async (opts: { port: string; host: string; out?: string }) => {
      const port = parsePort(opts.port);
      if (opts.out !== undefined) {
        const files = writePlaygroundFiles(resolve(opts.out));
        console.log(`playground written to ${resolve(opts.out)} (${files.length} files); serve that folder with any static web server, or open index.html`);
        return;
      }
      const { url, close } = await startPlaygroundServer({ port, host: opts.host }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') throw new UsageError(`playground: port ${port} is in use; pass --port with another port (or 0 for any free one)`);
        throw err;
      });
      console.log(`descent playground: ${url}  (Ctrl-C to stop)`);
      // The first Ctrl-C closes the server (and its idle sockets); a second one exits at once.
      await new Promise<void>((done) => {
        let stopping = false;
        const dispose = onInterrupt((signal) => {
          if (stopping) exitOnSignal(signal);
          stopping = true;
          void close().then(() => {
            dispose();
            done();
          });
        });
      });
    });
}
