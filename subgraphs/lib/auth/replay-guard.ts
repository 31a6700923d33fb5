/**
 * Remembers the ids of hub tokens already used, until they expire, so each token is accepted
 * once. Tokens live 60 s, so memory is bounded by one minute of traffic. Per process: replicas of
 * one subgraph each keep their own (a replay to another replica within that minute is not caught).
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  private insertsSinceSweep = 0;

  /** True when the id is new (and now remembered); false when it was used before. */
  accept(tokenId: string, expiresAt: number, now = Date.now()): boolean {
    const known = this.seen.get(tokenId);
    if (known !== undefined && known > now) return false;
    this.seen.set(tokenId, expiresAt);
    if (++this.insertsSinceSweep >= 1000) this.sweep(now);
    return true;
  }

  private sweep(now: number): void {
    this.insertsSinceSweep = 0;
    for (const [id, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(id);
  }
}
