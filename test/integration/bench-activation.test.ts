// Read by `npm run bench` (scripts/bench): how long activate() took in this fresh host, and that it
// made no request. Also an ordinary test: activation must cost no request. The runner
// (index.ts) activates the extension before any test file loads and records what it saw; other
// test files make requests later, so the activation's own count comes from that record.
import * as assert from 'assert';
import type { ActivationReport } from './index';
import { extensionApi } from './support';

describe('bench: activation', () => {
  it('reports activate() time and makes no request', async () => {
    const api = await extensionApi();
    const report = (globalThis as { __zenodoActivation?: ActivationReport }).__zenodoActivation;
    assert.ok(report, 'the runner did not record the activation');
    assert.strictEqual(typeof api.activationMs, 'number');
    const requests = report.networkRequests ?? 0;
    console.log(`BENCH activation ms=${api.activationMs.toFixed(3)} requests=${requests} connections=${report.attempts.length}`);
    assert.strictEqual(requests, 0);
  });
});
