import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlaygroundServer, writePlaygroundFiles, type PlaygroundServer } from '../../src/cli/commands/playground.js';
import { buildPage } from '../helpers/build-page.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A raw GET (fetch would normalise `..` away before sending). */
function get(port: number, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('descent playground: server and static files', () => {
  let root: string;
  let server: PlaygroundServer;

  beforeAll(async () => {
    root = buildPage();
    server = await startPlaygroundServer({ port: 0, root });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the page with MIME types and cross-origin-isolation headers', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    for (const [path, type] of [['/', 'text/html'], ['/index.html', 'text/html'], ['/app.js', 'text/javascript'], ['/app-style.css', 'text/css'], ['/app.js.map', 'application/json']] as const) {
      const r = await get(server.port, path);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type'], path).toContain(type);
      expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    }
    const html = (await get(server.port, '/')).body;
    // Offline: the page refers only to its own files.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('./app.js');
  });

  it('answers 404, 405 and 403 where it should', async () => {
    expect((await get(server.port, '/nope.js')).status).toBe(404);
    expect((await get(server.port, '/', 'POST')).status).toBe(405);
    expect((await get(server.port, '/../../etc/passwd')).status).toBeGreaterThanOrEqual(403);
    expect((await get(server.port, '/..%2f..%2f..%2fetc%2fpasswd')).status).toBe(403);
    const head = await get(server.port, '/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('--out writes static files that need no server features', () => {
    const out = tempDir('out');
    try {
      const files = writePlaygroundFiles(out, root);
      for (const f of ['index.html', 'app.js', 'panel-worker.js', 'app-style.css', '_headers']) expect(files).toContain(join(out, f));
      expect(readFileSync(join(out, '_headers'), 'utf8')).toContain('Cross-Origin-Embedder-Policy: require-corp');
      // A classic script (no ES module), so even file:// works.
      expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('type="module"');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  // The CLI serves dist/web, which `npm run build` (run by `npm ci`) produces.
  it.skipIf(!existsSync('dist/web/index.html'))('npx descent playground --port 0 prints the URL and serves', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'playground', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
          if (m) ok(m[0]);
        });
        child.on('exit', (code) => fail(new Error(`playground exited with ${code}`)));
        setTimeout(() => fail(new Error(`no URL printed: ${out}`)), 20_000);
      });
      const r = await get(Number(new URL(url).port), '/');
      expect(r.status).toBe(200);
      expect(r.body).toContain('descent playground');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('rejects a bad --port with a usage error', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'playground', '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((ok) => child.on('exit', ok));
    expect(code).toBe(2);
    expect(err).toContain("invalid --port 'eighty'");
  });
});
