// wasm-tiled: C = A·B for n×n row-major float32, in AssemblyScript compiled to WebAssembly SIMD.
// Goto/BLIS structure (https://www.cs.utexas.edu/~flame/pubs/GotoTOMS_revision.pdf): B is packed in KC×NC blocks
// (L2/L3), A in MC×KC blocks (L2), and a 6×8 micro-kernel keeps its 12 accumulators in v128 registers while it
// streams a KC×8 sliver of B from L1. The build compiles this file twice: plain SIMD and relaxed SIMD (FMA).
// Each thread calls `gemm` on its own rows of C with its own workspace; A and B are only read. Entry: cpuKernels.ts.
import { madd } from "./madd";

/** Rows of C per micro-kernel call: 6×2 accumulators + 2 B vectors + 1 broadcast = 15 of x86-64's 16 SIMD registers. */
const MR: i32 = 6;
/** Columns of C per micro-kernel call: two f32x4 vectors. */
const NR: i32 = 8;
/** Depth of a packed block: a 256×8 sliver of B (8 KiB) and a 6×256 sliver of A (6 KiB) fit in a 32 KiB L1. */
const KC: i32 = 256;
/** Rows of a packed A block: 72×256 floats (72 KiB) stay in L2. */
const MC: i32 = 72;
/** Columns of a packed B block: 256×1024 floats (1 MiB) stay in L2/L3. */
const NC: i32 = 1024;

const PACKED_A_BYTES: i32 = MC * KC * 4;
const PACKED_B_BYTES: i32 = KC * NC * 4;
const TILE_BYTES: i32 = MR * NR * 4;

/** Where the host may start laying out matrices: past this module's own static data. */
export function heapBase(): usize {
  return __heap_base;
}

/** Bytes of workspace one thread needs (packed A, packed B, an edge tile), 64-byte aligned. */
export function workspaceBytes(): i32 {
  return (PACKED_A_BYTES + PACKED_B_BYTES + TILE_BYTES + 63) & ~63;
}

/** Rows a micro-kernel handles at once: the host splits C between threads in multiples of this. */
export function rowsPerKernel(): i32 {
  return MR;
}

/** Whether this build multiplies-and-adds in one fused step (relaxed SIMD) or two (plain SIMD). */
export function usesRelaxedSimd(): bool {
  return ASC_FEATURE_RELAXED_SIMD;
}

/** A's rows i0..i0+mc, columns p0..p0+kc, as MR-row slivers: for each k, MR consecutive floats (zero past the edge). */
function packA(a: usize, n: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    for (let r = 0; r < MR; r++) {
      let out = dst + <usize>(r << 2);
      if (r < rows) {
        let src = a + ((<usize>(i0 + ir + r) * <usize>n + <usize>p0) << 2);
        for (let k = 0; k < kc; k++) {
          store<f32>(out, load<f32>(src));
          src += 4;
          out += MR << 2;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          store<f32>(out, 0);
          out += MR << 2;
        }
      }
    }
    dst += (<usize>(MR * kc)) << 2;
  }
}

/** B's rows p0..p0+kc, columns j0..j0+nc, as NR-column slivers: for each k, NR consecutive floats (zero past the edge). */
function packB(b: usize, n: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    let src = b + ((<usize>p0 * <usize>n + <usize>(j0 + jr)) << 2);
    const rowBytes = (<usize>n) << 2;
    if (cols == NR) {
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += rowBytes;
        dst += NR << 2;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let c = 0; c < NR; c++) store<f32>(dst + <usize>(c << 2), c < cols ? load<f32>(src + <usize>(c << 2)) : 0);
        src += rowBytes;
        dst += NR << 2;
      }
    }
  }
}

/** C[0..6][0..8] += (packed A sliver)·(packed B sliver) over kc; `ldc` is C's row stride in bytes. */
function kernel6x8(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0);
  let c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0);
  let c51 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    a = v128.load32_splat(pa, 16);
    c40 = madd(a, b0, c40);
    c41 = madd(a, b1, c41);
    a = v128.load32_splat(pa, 20);
    c50 = madd(a, b0, c50);
    c51 = madd(a, b1, c51);
    pa += MR << 2;
    pb += NR << 2;
  }
  v128.store(c, f32x4.add(v128.load(c), c00));
  v128.store(c, f32x4.add(v128.load(c, 16), c01), 16);
  c += ldc;
  v128.store(c, f32x4.add(v128.load(c), c10));
  v128.store(c, f32x4.add(v128.load(c, 16), c11), 16);
  c += ldc;
  v128.store(c, f32x4.add(v128.load(c), c20));
  v128.store(c, f32x4.add(v128.load(c, 16), c21), 16);
  c += ldc;
  v128.store(c, f32x4.add(v128.load(c), c30));
  v128.store(c, f32x4.add(v128.load(c, 16), c31), 16);
  c += ldc;
  v128.store(c, f32x4.add(v128.load(c), c40));
  v128.store(c, f32x4.add(v128.load(c, 16), c41), 16);
  c += ldc;
  v128.store(c, f32x4.add(v128.load(c), c50));
  v128.store(c, f32x4.add(v128.load(c, 16), c51), 16);
}

/**
 * Rows rowStart..rowEnd of C = A·B (all n×n, row-major, at byte addresses a, b, c). `work` is this thread's
 * workspace of workspaceBytes(); threads on disjoint rows may run at once.
 */
export function gemm(n: i32, a: usize, b: usize, c: usize, rowStart: i32, rowEnd: i32, work: usize): void {
  if (rowEnd <= rowStart) return;
  const packedA = work;
  const packedB = work + <usize>PACKED_A_BYTES;
  const tile = packedB + <usize>PACKED_B_BYTES;
  const ldc = (<usize>n) << 2;
  memory.fill(c + <usize>rowStart * ldc, 0, <usize>(rowEnd - rowStart) * ldc);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < n; pc += KC) {
      const kc = min(KC, n - pc);
      packB(b, n, pc, kc, jc, nc, packedB);
      for (let ic = rowStart; ic < rowEnd; ic += MC) {
        const mc = min(MC, rowEnd - ic);
        packA(a, n, ic, mc, pc, kc, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const pb = packedB + ((<usize>(jr * kc)) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const pa = packedA + ((<usize>(ir * kc)) << 2);
            const cAt = c + <usize>(ic + ir) * ldc + ((<usize>(jc + jr)) << 2);
            if (rows == MR && cols == NR) {
              kernel6x8(pa, pb, kc, cAt, ldc);
            } else {
              // Edge tile: compute a full 6×8 into scratch, add back only what lies inside C.
              memory.fill(tile, 0, <usize>TILE_BYTES);
              kernel6x8(pa, pb, kc, tile, <usize>(NR << 2));
              for (let r = 0; r < rows; r++) {
                for (let col = 0; col < cols; col++) {
                  const at = cAt + <usize>r * ldc + ((<usize>col) << 2);
                  store<f32>(at, load<f32>(at) + load<f32>(tile + ((<usize>(r * NR + col)) << 2)));
                }
              }
            }
          }
        }
      }
    }
  }
}
