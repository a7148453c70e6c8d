// The hand-written WebGPU kernel: 64×64 output tiles per workgroup, shared-memory slabs of A and B, 4×4 outputs per thread.

export const tileSize = 64;
const slabDepth = 16;
const threadsPerSide = 16;
const outputsPerThreadSide = tileSize / threadsPerSide;

/**
 * Each of the 256 threads loads 4 entries of A and 4 of B into workgroup memory per slab, then does 16 × 16
 * multiply-adds from it; outputs are strided by 16 so neighbouring threads touch neighbouring addresses.
 */
export const tiledMatmulWgsl = /* wgsl */ `
struct Dims { n: u32 }

@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

const TILE: u32 = ${tileSize}u;
const SLAB: u32 = ${slabDepth}u;
const WG: u32 = ${threadsPerSide}u;
const R: u32 = ${outputsPerThreadSide}u;

var<workgroup> As: array<f32, ${tileSize * slabDepth}>; // TILE rows × SLAB columns of A
var<workgroup> Bs: array<f32, ${slabDepth * tileSize}>; // SLAB rows × TILE columns of B

@compute @workgroup_size(${threadsPerSide}, ${threadsPerSide})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let n = dims.n;
  let row0 = wid.y * TILE;
  let col0 = wid.x * TILE;
  let tid = lid.y * WG + lid.x;
  var acc: array<f32, ${outputsPerThreadSide * outputsPerThreadSide}>;
  for (var k0 = 0u; k0 < n; k0 = k0 + SLAB) {
    for (var l = 0u; l < (TILE * SLAB) / (WG * WG); l = l + 1u) {
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
    workgroupBarrier();
    for (var k = 0u; k < SLAB; k = k + 1u) {
      var b: array<f32, ${outputsPerThreadSide}>;
      for (var j = 0u; j < R; j = j + 1u) { b[j] = Bs[k * TILE + lid.x + j * WG]; }
      for (var i = 0u; i < R; i = i + 1u) {
        let a = As[(lid.y + i * WG) * SLAB + k];
        for (var j = 0u; j < R; j = j + 1u) { acc[i * R + j] = acc[i * R + j] + a * b[j]; }
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

/** Workgroups per side: one per 64×64 output tile, rounding up for sizes that are not multiples of 64. */
export function tiledWorkgroups(n: number): number {
  return Math.ceil(n / tileSize);
}
