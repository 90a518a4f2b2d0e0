/**
 * A `Map` that counts its changes, so a view derived from it (a sorted listing, say) can tell in
 * O(1) whether it is still current. Iteration order stays insertion order.
 * @internal
 */
export class VersionedMap<K, V> extends Map<K, V> {
  /** Bumped by every `set`, `delete` and `clear`. */
  version = 0;

  override set(key: K, value: V): this {
    this.version++;
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    this.version++;
    return super.delete(key);
  }

  override clear(): void {
    this.version++;
    super.clear();
  }
}
