// npm links `bin` entries itself, but a fresh `tsc` output has no execute bit; set it so
// `./dist/cli/main.js` also runs directly.
import { chmodSync, existsSync } from 'node:fs';
const bin = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(bin)) chmodSync(bin, 0o755);
