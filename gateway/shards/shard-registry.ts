import { findPrefecture } from '../../schema/prefectures.js';

type ShardState = 'SERVING' | 'DOWN' | 'INCOMPATIBLE' | 'UNREGISTERED' | 'UNKNOWN';

/** What the gateway knows of one prefecture shard right now. */
export interface ShardStatus {
  readonly prefectureCode: string;
  readonly state: ShardState;
  /** URL taking traffic. */
  readonly url: string | null;
  readonly compatible: boolean | null;
  readonly lastLatencyMs: number | null;
  readonly lastError: string | null;
  readonly checkedAt: Date | null;
  /** A newly registered URL that has not passed the contract check yet. */
  readonly candidateUrl: string | null;
  readonly candidateError: string | null;
}

/**
 * The gateway's table of prefecture shards. Only the health monitor changes a shard's URL, and only
 * after the new one passed the contract check; requests read it. Prefectures not in the table are
 * unknown to this gateway.
 */
export class ShardRegistry {
  private readonly shards = new Map<string, ShardStatus>();
  private readonly readmitted: ((code: string) => void)[] = [];

  constructor(prefectureCodes: readonly string[]) {
    for (const code of prefectureCodes) {
      this.shards.set(code, {
        prefectureCode: code,
        state: 'UNREGISTERED',
        url: null,
        compatible: null,
        lastLatencyMs: null,
        lastError: null,
        checkedAt: null,
        candidateUrl: null,
        candidateError: null,
      });
    }
  }

  /**
   * `listener` hears of every shard that starts serving again (after being down, excluded or
   * unregistered) or moves to a new URL: what it answers now may differ from what it answered before.
   */
  onReadmitted(listener: (code: string) => void): void {
    this.readmitted.push(listener);
  }

  codes(): string[] {
    return [...this.shards.keys()];
  }

  has(code: string): boolean {
    return this.shards.has(code);
  }

  get(code: string): ShardStatus | undefined {
    return this.shards.get(code);
  }

  all(): ShardStatus[] {
    return [...this.shards.values()];
  }

  /** Name for messages: "530300 曲靖市". */
  describe(code: string): string {
    const name = findPrefecture(code)?.nameZh;
    return name ? `${code} ${name}` : code;
  }

  /** Whether requests may go to this shard: it has a URL and is not known to break the contract. */
  routable(code: string): boolean {
    const shard = this.shards.get(code);
    return !!shard?.url && shard.state !== 'INCOMPATIBLE';
  }

  /** A URL was registered: it becomes the candidate until it passes the contract check. */
  propose(code: string, url: string): void {
    const shard = this.require(code);
    if (shard.url === url) {
      this.update(code, { candidateUrl: null, candidateError: null });
      return;
    }
    if (shard.candidateUrl !== url) this.update(code, { candidateUrl: url, candidateError: null });
  }

  /** The candidate passed: traffic moves to it. */
  promoteCandidate(code: string, latencyMs: number): void {
    const shard = this.require(code);
    this.update(code, {
      url: shard.candidateUrl,
      candidateUrl: null,
      candidateError: null,
      state: 'SERVING',
      compatible: true,
      lastLatencyMs: latencyMs,
      lastError: null,
      checkedAt: new Date(),
    });
  }

  rejectCandidate(code: string, error: string): void {
    this.update(code, { candidateError: error, checkedAt: new Date() });
  }

  recordCheck(
    code: string,
    result: { state: 'SERVING' | 'DOWN' | 'INCOMPATIBLE'; latencyMs: number | null; error: string | null },
  ): void {
    this.update(code, {
      state: result.state,
      compatible: result.state === 'DOWN' ? this.require(code).compatible : result.state === 'SERVING',
      lastLatencyMs: result.latencyMs ?? this.require(code).lastLatencyMs,
      lastError: result.error,
      checkedAt: new Date(),
    });
  }

  /** Outcome of a real request: a failure marks the shard DOWN until it answers again. */
  recordRequest(code: string, latencyMs: number, error: string | null): void {
    const shard = this.require(code);
    if (shard.state === 'INCOMPATIBLE') return;
    this.update(code, { lastLatencyMs: latencyMs, lastError: error, state: error ? 'DOWN' : 'SERVING' });
  }

  private require(code: string): ShardStatus {
    const shard = this.shards.get(code);
    if (!shard) throw new Error(`prefecture ${code} is not in the shard registry`);
    return shard;
  }

  private update(code: string, patch: Partial<ShardStatus>): void {
    const before = this.require(code);
    const after = { ...before, ...patch };
    this.shards.set(code, after);
    const backToServing = after.state === 'SERVING' && before.state !== 'SERVING';
    if (after.url && (backToServing || after.url !== before.url))
      for (const listener of this.readmitted) listener(code);
  }
}
