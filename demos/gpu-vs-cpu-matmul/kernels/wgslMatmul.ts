// The hand-written WebGPU kernel, in variants: output tile per workgroup, outputs per thread (register block), and
// scalar or vec4 arithmetic on workgroup memory. Which is fastest depends on the GPU, so the demo auto-tunes.

export interface WgslVariant {
  /** Output tile per workgroup, TILE×TILE. */
  tile: 32 | 64 | 128;
  /** Outputs per thread, R×R (the register block). */
  perThread: 4 | 8;
  /**
   * vec4: each thread owns R adjacent columns and reads B's slab as vec4 (one fma per 4 outputs);
   * scalar: columns strided by the thread count, so neighbouring threads touch neighbouring addresses.
   */
  vec4: boolean;
}

/** Depth of the shared-memory slabs of A and B. */
const slabDepth = 16;

/** Tried in this order by the auto-tune; the first is the kernel used when tuning is off or runs out of time. */
export const wgslVariants: readonly WgslVariant[] = [
  { tile: 64, perThread: 4, vec4: false },
  { tile: 64, perThread: 4, vec4: true },
  { tile: 64, perThread: 8, vec4: true },
  { tile: 32, perThread: 4, vec4: true },
  { tile: 128, perThread: 8, vec4: true },
];

export function describeVariant(variant: WgslVariant): string {
  return `${variant.tile}×${variant.tile} tile, ${variant.perThread}×${variant.perThread} per thread, ${variant.vec4 ? "vec4" : "scalar"}`;
}

/** Threads per workgroup side: 16×16 = 256 at most, WebGPU's default limit. */
export function threadsPerSide(variant: WgslVariant): number {
  return variant.tile / variant.perThread;
}

/**
 * Each thread loads its share of a TILE×SLAB slab of A and a SLAB×TILE slab of B into workgroup memory (zero past
 * the edge), then does SLAB × R × R multiply-adds from it. A and B slabs at TILE = 128 take 16 KiB, WebGPU's limit.
 */
export function tiledMatmulWgsl(variant: WgslVariant): string {
  const { tile, perThread: r, vec4 } = variant;
  const wg = threadsPerSide(variant);
  const loads = (tile * slabDepth) / (wg * wg);
  const q = r / 4;
  const header = /* wgsl */ `
struct Dims { n: u32 }

@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

const TILE: u32 = ${tile}u;
const SLAB: u32 = ${slabDepth}u;
const WG: u32 = ${wg}u;
const R: u32 = ${r}u;

var<workgroup> As: array<f32, ${tile * slabDepth}>; // TILE rows × SLAB columns of A
var<workgroup> Bs: array<f32, ${slabDepth * tile}>; // SLAB rows × TILE columns of B

fn loadSlabs(n: u32, row0: u32, col0: u32, k0: u32, tid: u32) {
  for (var l = 0u; l < ${loads}u; l = l + 1u) {
    let idx = tid + l * WG * WG;
    let ar = row0 + idx / SLAB;
    let ac = k0 + idx % SLAB;
    var av = 0.0;
    if (ar < n && ac < n) { av = A[ar * n + ac]; }
    As[idx] = av;
    let br = k0 + idx / TILE;
    let bc = col0 + idx % TILE;
    var bv = 0.0;
    if (br < n && bc < n) { bv = B[br * n + bc]; }
    Bs[idx] = bv;
  }
}
`;
  if (!vec4) {
    return `${header}
@compute @workgroup_size(${wg}, ${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let n = dims.n;
  let row0 = wid.y * TILE;
  let col0 = wid.x * TILE;
  var acc: array<f32, ${r * r}>;
  for (var k0 = 0u; k0 < n; k0 = k0 + SLAB) {
    loadSlabs(n, row0, col0, k0, lid.y * WG + lid.x);
    workgroupBarrier();
    for (var k = 0u; k < SLAB; k = k + 1u) {
      var b: array<f32, ${r}>;
      for (var j = 0u; j < R; j = j + 1u) { b[j] = Bs[k * TILE + lid.x + j * WG]; }
      for (var i = 0u; i < R; i = i + 1u) {
        let a = As[(lid.y + i * WG) * SLAB + k];
        for (var j = 0u; j < R; j = j + 1u) { acc[i * R + j] = fma(a, b[j], acc[i * R + j]); }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < R; i = i + 1u) {
    let r = row0 + lid.y + i * WG;
    for (var j = 0u; j < R; j = j + 1u) {
      let c = col0 + lid.x + j * WG;
      if (r < n && c < n) { C[r * n + c] = acc[i * R + j]; }
    }
  }
}
`;
  }
  return `${header}
@compute @workgroup_size(${wg}, ${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let n = dims.n;
  let row0 = wid.y * TILE;
  let col0 = wid.x * TILE;
  // This thread's R adjacent columns, as ${q} vec4 per row.
  let myCol = lid.x * R;
  var acc: array<vec4<f32>, ${r * q}>;
  for (var k0 = 0u; k0 < n; k0 = k0 + SLAB) {
    loadSlabs(n, row0, col0, k0, lid.y * WG + lid.x);
    workgroupBarrier();
    for (var k = 0u; k < SLAB; k = k + 1u) {
      var b: array<vec4<f32>, ${q}>;
      for (var v = 0u; v < ${q}u; v = v + 1u) {
        let at = k * TILE + myCol + v * 4u;
        b[v] = vec4<f32>(Bs[at], Bs[at + 1u], Bs[at + 2u], Bs[at + 3u]);
      }
      for (var i = 0u; i < R; i = i + 1u) {
        let a = vec4<f32>(As[(lid.y * R + i) * SLAB + k]);
        for (var v = 0u; v < ${q}u; v = v + 1u) { acc[i * ${q}u + v] = fma(a, b[v], acc[i * ${q}u + v]); }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < R; i = i + 1u) {
    let r = row0 + lid.y * R + i;
    for (var v = 0u; v < ${q}u; v = v + 1u) {
      let out = acc[i * ${q}u + v];
      for (var e = 0u; e < 4u; e = e + 1u) {
        let c = col0 + myCol + v * 4u + e;
        if (r < n && c < n) { C[r * n + c] = out[e]; }
      }
    }
  }
}
`;
}

/** Workgroups per side: one per output tile, rounding up for sizes that are not multiples of the tile. */
export function tiledWorkgroups(n: number, variant: WgslVariant = wgslVariants[0]!): number {
  return Math.ceil(n / variant.tile);
}
