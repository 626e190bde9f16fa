/**
 * Checking an access token before it is stored: one authenticated request to the repository,
 * with a scheduler of its own (no cache shared with anyone, no retries of a rejected token).
 */
import { ZenodoClient } from './client';
import { UnauthorizedError, ZenodoError } from './errors';
import { mayCarryToken } from './repository';
import { RequestScheduler, SchedulerOptions } from './scheduler';

export type TokenCheck = { ok: true } | { ok: false; reason: 'rejected' | 'insecure' | 'unreachable'; message: string };

export async function checkToken(baseUrl: string, token: string, opts: SchedulerOptions = {}): Promise<TokenCheck> {
  const trimmed = token.trim();
  if (!trimmed || /\s/.test(trimmed)) return { ok: false, reason: 'rejected', message: 'A token is one word without spaces. Copy it again from the repository\'s Applications settings.' };
  if (!mayCarryToken(`${baseUrl}/api/records`)) {
    return { ok: false, reason: 'insecure', message: 'The token is sent only over https (or plain http to this machine). Change zenodo.baseUrl to an https address.' };
  }
  const client = new ZenodoClient({ baseUrl, token: trimmed, scheduler: new RequestScheduler({ cacheTtlMs: 0, maxRetries: 1, ...opts }) });
  try {
    // Any API call verifies the token: the repository answers 401 to a token it does not know.
    await client.searchRecords({ size: 1 });
    return { ok: true };
  } catch (e) {
    if (e instanceof UnauthorizedError || (e instanceof ZenodoError && e.status === 403)) {
      return { ok: false, reason: 'rejected', message: 'The repository rejected this token. Create a new personal access token in the repository\'s Applications settings and try again.' };
    }
    return { ok: false, reason: 'unreachable', message: `The token could not be checked: ${e instanceof Error ? e.message : String(e)}` };
  }
}
