/**
 * Collects keys for `delay` ms after the last one arrives, then hands them over in one
 * batch: a save burst, a `git pull` or a branch switch becomes one update.
 */
export class Batcher<T> {
  private pending = new Set<T>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly delay: number,
    private readonly flush: (items: T[]) => void,
  ) {}

  add(...items: T[]): void {
    for (const i of items) this.pending.add(i);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.delay);
  }

  /** True while keys wait for the timer. */
  get busy(): boolean {
    return this.timer !== undefined;
  }

  /** Drops what is waiting (a full reload makes it moot). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private fire(): void {
    this.timer = undefined;
    const items = [...this.pending];
    this.pending.clear();
    if (items.length) this.flush(items);
  }

  dispose(): void {
    this.clear();
  }
}

/** Runs tasks one after another; a failing task does not stop the next. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private running = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.running++;
    const result = this.tail.then(task, task);
    this.tail = result.then(
      () => this.running--,
      () => this.running--,
    );
    return result;
  }

  get idle(): boolean {
    return this.running === 0;
  }

  /** Resolves once every task queued so far has settled. */
  drained(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
