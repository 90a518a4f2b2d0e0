/** Beyond this many entries the keys are spread over {@link SHARDS} maps. */
const SPLIT_AT = 1024;
/** A power of two: a key's shard is the low bits of its hash. */
const SHARDS = 256;

/** FNV-1a over the key's UTF-16 code units: cheap, and spreads ids like `w1`, `w2`… evenly. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * A map from strings that grows without ever rehashing all its entries at once (no iteration: see
 * `VersionedMap` for an ordered one).
 *
 * Why not a `Map`: a `Map` doubles its table when it fills, rehashing every entry in one go, and a
 * domain's runs and the service's task tokens grow without bound until retention. At 65,536 entries
 * that one `set` takes ≈ 16 ms, at 131,072 ≈ 90 ms: the call (or import step) that crosses the line
 * holds every other client up. Here a large map is spread over {@link SHARDS} `Map`s by the key's
 * hash, so no growth rehashes more than a small fraction of it.
 * @internal
 */
export class ShardedMap<K extends string, V> {
  private shards: Map<K, V>[] = [new Map<K, V>()];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    return this.shardOf(key).get(key);
  }

  has(key: K): boolean {
    return this.shardOf(key).has(key);
  }

  set(key: K, value: V): this {
    const shard = this.shardOf(key);
    const size = shard.size;
    shard.set(key, value);
    this.count += shard.size - size;
    if (this.count > SPLIT_AT && this.shards.length === 1) this.split();
    return this;
  }

  delete(key: K): boolean {
    const deleted = this.shardOf(key).delete(key);
    if (deleted) this.count--;
    return deleted;
  }

  clear(): void {
    this.shards = [new Map<K, V>()];
    this.count = 0;
  }

  private shardOf(key: K): Map<K, V> {
    const shards = this.shards;
    return (shards.length === 1 ? shards[0] : shards[hashOf(key) & (SHARDS - 1)]) as Map<K, V>;
  }

  /** Spreads the entries over {@link SHARDS} maps, once: SPLIT_AT entries rehashed, well under a millisecond. */
  private split(): void {
    const shards = Array.from({ length: SHARDS }, () => new Map<K, V>());
    for (const [key, value] of this.shards[0] as Map<K, V>) {
      (shards[hashOf(key) & (SHARDS - 1)] as Map<K, V>).set(key, value);
    }
    this.shards = shards;
  }
}
