import type { Command } from 'commander';
import { checkParity, loadGoldenFile } from '../../parity/check.js';
import { formatReport } from '../../parity/report.js';

/** `descent parity <file> [--section NAME...]`: run a golden file's cases and report. */
export function registerParityCommand(program: Command): void {
  program
    .command('parity')
    .description('check descent against a PyTorch golden file (schema: shared/golden/SCHEMA.md)')
    .argument('<file>', 'golden JSON file')
    .option('-s, --section <name...>', 'sections to run: ops, optimizers, schedulers, averaging (default: all in the file)')
    .action((file: string, opts: { section?: string[] }) => {
      const sections = (opts.section ?? []).flatMap((s) => s.split(',')).filter((s) => s.length > 0);
      const results = checkParity(loadGoldenFile(file), sections, file);
      console.log(formatReport(results));
      if (results.length === 0 || results.some((r) => !r.ok)) process.exitCode = 1;
    });
}
