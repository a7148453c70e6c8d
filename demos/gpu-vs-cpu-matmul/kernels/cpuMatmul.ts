// The two plain-JavaScript products: the textbook loop and the cache-friendly one.

/** Rows as separate arrays, the way tutorials hold a matrix. */
export function toRows(flat: Float32Array, n: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(flat.subarray(i * n, (i + 1) * n)));
  return rows;
}

/** Textbook i-j-k: the inner loop walks down a column of b, a cache miss per step for large n. */
export function matmulIjkRows(a: number[][], b: number[][], n: number): number[][] {
  const c: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = new Array<number>(n);
    const ai = a[i]!;
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += ai[k]! * b[k]![j]!;
      row[j] = sum;
    }
    c.push(row);
  }
  return c;
}

/** i-k-j over flat float32 storage: every inner loop streams one row of b and one row of c. */
export function matmulIkjFlat(a: Float32Array, b: Float32Array, n: number, c = new Float32Array(n * n)): Float32Array {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const rowC = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[rowC + k]!;
      const rowB = k * n;
      for (let j = 0; j < n; j++) c[rowC + j]! += aik * b[rowB + j]!;
    }
  }
  return c;
}
