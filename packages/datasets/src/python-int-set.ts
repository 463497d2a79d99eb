/**
 * CPython 3.11's `set` of small non-negative integers, kept for its iteration order. scikit-learn
 * collects labels in sets and then lists them, so the order of a sample's labels (and of the sums
 * over them) is the slot order of CPython's hash table: ascending while no two values share a slot,
 * otherwise not. `hash(n) == n` for these integers; the table starts with 8 slots, probes linearly
 * over up to 9 following slots, then jumps by `i = 5·i + 1 + (perturb >>= 5)`, and grows to the
 * smallest power of two above 4 × its size once it is 3/5 full (Objects/setobject.c).
 */
export class PythonIntSet {
  private table: Int32Array = new Int32Array(8).fill(-1);
  private count = 0;

  /** Elements held. */
  get size(): number {
    return this.count;
  }

  /** `set.add(value)`; `value` must be an integer in [0, 2³¹). */
  add(value: number): void {
    if (insert(this.table, value, true)) return;
    this.count++;
    const mask = this.table.length - 1;
    if (this.count * 5 >= mask * 3) this.resize();
  }

  /** The elements in CPython's iteration order (`list(s)`). */
  values(): number[] {
    const out: number[] = [];
    for (const key of this.table) if (key >= 0) out.push(key);
    return out;
  }

  private resize(): void {
    const minUsed = this.count > 50000 ? this.count * 2 : this.count * 4;
    let size = 8;
    while (size <= minUsed) size *= 2;
    const old = this.table;
    this.table = new Int32Array(size).fill(-1);
    for (const key of old) if (key >= 0) insert(this.table, key, false);
  }
}

const LINEAR_PROBES = 9;
const PERTURB_SHIFT = 5;

/**
 * Places `key` in the first free slot of its probe sequence; with `checkPresent`, stops at `key`
 * itself and reports that it was already there (no deletions happen, so no dummy slots exist).
 */
function insert(table: Int32Array, key: number, checkPresent: boolean): boolean {
  const mask = table.length - 1;
  let perturb = key;
  let i = key & mask;
  for (;;) {
    const probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
    for (let j = i; j <= i + probes; j++) {
      const slot = table[j]!;
      if (slot < 0) {
        table[j] = key;
        return false;
      }
      if (checkPresent && slot === key) return true;
    }
    perturb >>>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
}
