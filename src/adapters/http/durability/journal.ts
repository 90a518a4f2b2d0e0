import { open, type FileHandle } from 'node:fs/promises';
import { syncDirectory } from './stateDir.js';

/** One generation's file: its path, its first line, and what must be durable before its entries count. */
export interface JournalGeneration {
  readonly path: string;
  readonly header: string;
  /** Settles once the snapshot this generation starts from is durable (reset, import); none for a continuation. */
  readonly base?: Promise<void>;
}

interface Waiter {
  readonly upTo: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface Batch {
  readonly generation: JournalGeneration;
  readonly lines: string[];
  /** The batch also creates its generation's file, which counts as one more line appended. */
  readonly opens: boolean;
}

/**
 * The append-only journal: lines are appended at once, in order, and written in groups — every line
 * appended while a write and its fsync are under way goes out with the next write — so a hundred
 * concurrent requests cost about one fsync, not a hundred. {@link Journal.sync} settles once
 * everything appended so far is on disk. A generation switch ({@link Journal.rotate}) takes effect
 * between two lines: later lines go to the new file, which is created with its header on first use.
 * After a failed write every sync fails: the process must stop (its memory is ahead of its disk).
 * @internal
 */
export class Journal {
  private batches: Batch[] = [];
  private appended = 0;
  private durable = 0;
  private waiters: Waiter[] = [];
  private flushing = false;
  private failure: Error | undefined;
  private file: { generation: JournalGeneration; handle: FileHandle } | undefined;
  /** Bytes appended to the current generation. */
  bytesInGeneration = 0;

  constructor(
    private generation: JournalGeneration,
    private readonly fsync: boolean,
  ) {}

  /** Appends one line (no newline in it); it is written soon, with whatever else came meanwhile. */
  append(line: string): void {
    let batch = this.batches.at(-1);
    if (batch?.generation !== this.generation) {
      batch = { generation: this.generation, lines: [], opens: false };
      this.batches.push(batch);
    }
    batch.lines.push(line);
    this.appended++;
    this.bytesInGeneration += line.length + 1;
    if (!this.flushing) void this.flush();
  }

  /**
   * Later lines go to `generation`'s file. One with a base (reset, import) has its file at once,
   * {@link Journal.sync} included: that file is what tells a restart that no older snapshot can
   * stand in for the base, even before any line follows it.
   */
  rotate(generation: JournalGeneration): void {
    this.generation = generation;
    this.bytesInGeneration = 0;
    if (generation.base === undefined) return;
    this.batches.push({ generation, lines: [], opens: true });
    this.appended++;
    if (!this.flushing) void this.flush();
  }

  /** Settles once every line appended so far is durable; undefined when it already is. */
  sync(): Promise<void> | undefined {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.durable === this.appended) return undefined;
    return new Promise((resolve, reject) => this.waiters.push({ upTo: this.appended, resolve, reject }));
  }

  /** Writes what is pending and closes the file. */
  async close(): Promise<void> {
    await this.sync();
    await this.file?.handle.close();
    this.file = undefined;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.batches.length > 0) {
        const batch = this.batches.shift() as Batch;
        const handle = await this.fileOf(batch.generation);
        if (batch.lines.length > 0) await handle.write(`${batch.lines.join('\n')}\n`);
        if (this.fsync) await handle.datasync();
        this.durable += batch.lines.length + (batch.opens ? 1 : 0);
        this.waiters = this.waiters.filter((w) => (w.upTo <= this.durable ? (w.resolve(), false) : true));
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      for (const waiter of this.waiters) waiter.reject(this.failure);
      this.waiters = [];
    } finally {
      this.flushing = false;
    }
  }

  /** The open file of `generation`: created with its header, once its base is durable. */
  private async fileOf(generation: JournalGeneration): Promise<FileHandle> {
    if (this.file?.generation === generation) return this.file.handle;
    await this.file?.handle.close();
    this.file = undefined;
    await generation.base;
    const handle = await open(generation.path, 'a');
    await handle.write(`${generation.header}\n`);
    await syncDirectory(generation.path);
    this.file = { generation, handle };
    return handle;
  }
}
