// `npm run zenodo:local`: starts the local Zenodo-compatible server.
//   --port N         listen on N (default 5555; 0 = any free port)
//   --host H         listen on H (default 127.0.0.1)
//   --no-rate-limit  turn rate limiting off
//   --window-ms N    rate-limit window length (default 60000)

import { DEFAULT_RATE_LIMITS, startZenodoServer } from './index';

function parseArgs(argv: string[]): { port: number; host: string; rateLimit: boolean; windowMs: number } {
  const out = { port: 5555, host: '127.0.0.1', rateLimit: true, windowMs: DEFAULT_RATE_LIMITS.windowMs };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        out.port = Number(value());
        break;
      case '--host':
        out.host = value();
        break;
      case '--no-rate-limit':
        out.rateLimit = false;
        break;
      case '--window-ms':
        out.windowMs = Number(value());
        break;
      case '--help':
      case '-h':
        console.log('usage: tsx test/zenodo-server/main.ts [--port N] [--host H] [--no-rate-limit] [--window-ms N]');
        process.exit(0);
        break;
      default:
        console.error(`unknown argument: ${argv[i]}`);
        process.exit(2);
    }
  }
  if (!Number.isInteger(out.port) || out.port < 0 || !Number.isFinite(out.windowMs) || out.windowMs <= 0) {
    console.error('invalid --port or --window-ms');
    process.exit(2);
  }
  return out;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  startZenodoServer({
    port: args.port,
    host: args.host,
    rateLimits: args.rateLimit ? { ...DEFAULT_RATE_LIMITS, windowMs: args.windowMs } : false,
  }).then((server) => {
    const n = server.corpus.notable;
    console.log(`Zenodo local server: ${server.url}`);
    console.log(`  ${server.corpus.records.size} record versions, ${server.corpus.concepts.size} concepts, ${server.corpus.communities.length} communities`);
    console.log(`  record:            ${server.url}/api/records/${n.dataset}`);
    console.log(`  with 47 versions:  ${server.url}/api/records/${n.softwareWithVersions}/versions`);
    console.log(`  concept (302):     ${server.url}/api/records/${n.softwareConcept}`);
    console.log(`  300 versions:      ${server.url}/api/records/${n.threeHundredVersions.latest}/versions`);
    console.log(`  deleted (410):     ${server.url}/api/records/${n.deleted[0]}`);
    console.log(`  restricted (403):  ${server.url}/api/records/${n.restricted} (token test-token-123 opens it)`);
    console.log(`  external DOI:      ${server.url}/api/records?q=doi:"${n.externalDoi.doi}"`);
    console.log(`  community:         ${server.url}/api/communities/symbaproject/records`);
    console.log(`  notable ids:       ${server.url}/__control/corpus`);
    console.log('  token: Authorization: Bearer test-token-123 (user alice)');
    const stop = () => {
      server.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }, (e: unknown) => {
    console.error(`could not start: ${String(e)}`);
    process.exit(1);
  });
}

main();
