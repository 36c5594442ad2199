/**
 * Tests against real peers (PyTorch, Chromium, Redis) skip with a printed reason where the peer is
 * absent — but CI installs every peer, so there (`DESCENT_REQUIRE_PEERS=1`, set by .ci/run) a missing
 * peer fails the run instead of letting its tests pass by not running.
 */

/**
 * True when the peer is missing (`reason` says why) and its tests may skip; throws when peers are
 * required. Call at the top of the test file, before `describe.skipIf(...)`.
 *
 * @example
 * const skipBrowser = peerMissing('Chromium', existsSync(CHROMIUM) ? null : `${CHROMIUM} is absent`);
 */
export function peerMissing(peer: string, reason: string | null): boolean {
  if (reason === null) return false;
  if (process.env.DESCENT_REQUIRE_PEERS === '1') {
    throw new Error(`${peer} is required here (DESCENT_REQUIRE_PEERS=1) but missing: ${reason}`);
  }
  console.warn(`${peer} tests SKIPPED: ${reason}`);
  return true;
}
