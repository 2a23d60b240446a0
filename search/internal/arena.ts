/**
 * Scratch memory for one search: typed arrays handed out from a few large buffers and
 * taken back all at once by `reset` at the start of the next search. Decoding posting
 * lists and intersecting them then allocates nothing (allocating and zeroing typed arrays
 * cost more than decoding, and the external memory they add triggers garbage collections).
 * Arrays from `take*` are NOT zeroed.
 */
export class Arena {
  private u32 = new Pool(Uint32Array);
  private i32 = new Pool(Int32Array);
  private u8 = new Pool(Uint8Array);
  private f64 = new Pool(Float64Array);

  reset(): void {
    this.u32.reset();
    this.i32.reset();
    this.u8.reset();
    this.f64.reset();
  }

  takeU32(n: number): Uint32Array {
    return this.u32.take(n);
  }

  takeI32(n: number): Int32Array {
    return this.i32.take(n);
  }

  takeU8(n: number): Uint8Array {
    return this.u8.take(n);
  }

  takeF64(n: number): Float64Array {
    return this.f64.take(n);
  }
}

type Typed = Uint32Array | Int32Array | Uint8Array | Float64Array;

const FIRST_CHUNK = 1 << 16; // elements

class Pool<T extends Typed> {
  private chunk: T;
  private used = 0;
  /** elements handed out since the last reset, to size the next chunk */
  private total = 0;

  constructor(private readonly Type: new (n: number) => T) {
    this.chunk = new Type(FIRST_CHUNK);
  }

  take(n: number): T {
    this.total += n;
    if (this.used + n > this.chunk.length) {
      // Outstanding views keep the old chunk alive until the next reset.
      this.chunk = new this.Type(Math.max(n, this.chunk.length * 2));
      this.used = 0;
    }
    const out = this.chunk.subarray(this.used, this.used + n) as T;
    this.used += n;
    return out;
  }

  reset(): void {
    if (this.total > this.chunk.length) this.chunk = new this.Type(this.total);
    this.used = 0;
    this.total = 0;
  }
}
