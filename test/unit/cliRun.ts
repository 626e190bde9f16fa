/** Runs zenodo-cite in-process against a base URL and collects what it printed (unit tests). */
import { run } from '../../src/cli/main';

export interface CliResult { code: number; out: string; err: string }

export async function runCli(baseUrl: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (s) => out.push(s), err: (s) => err.push(s), env: { ZENODO_BASE_URL: baseUrl, ...env } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
