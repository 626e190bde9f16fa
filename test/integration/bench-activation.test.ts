// Read by `npm run bench` (scripts/bench): how long activate() took in this fresh host, and that it
// made no request. Also an ordinary test: activation must cost no request.
import * as assert from 'assert';
import { extensionApi } from './support';

describe('bench: activation', () => {
  it('reports activate() time and makes no request', async () => {
    const api = await extensionApi();
    assert.strictEqual(typeof api.activationMs, 'number');
    console.log(`BENCH activation ms=${api.activationMs.toFixed(3)} requests=${api.networkRequests()}`);
    assert.strictEqual(api.networkRequests(), 0);
  });
});
