// a·b + c on four float32 lanes: one fused instruction where the build has relaxed SIMD, two otherwise.
// Small enough that asc -O3 inlines it into every caller.
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
