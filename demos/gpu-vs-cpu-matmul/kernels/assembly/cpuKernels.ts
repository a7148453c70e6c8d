// The one WebAssembly module of the CPU side: the tiled matmul and the peak loop it is measured against.
export * from "./matmulTiled";
export * from "./fmaPeak";
