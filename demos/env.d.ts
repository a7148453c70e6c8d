// Module shapes the demo bundler (_config/demos/demoBundler.ts) provides to browser code.

/** `import workerUrl from "./x.worker.ts?worker-url"`: the worker is bundled on its own (ESM, hashed) and this is its URL. */
declare module "*?worker-url" {
  const url: string;
  export default url;
}

/** A demo may import its CSS; the bundler emits it next to the demo's script and the page links it. */
declare module "*.css" {}

/** What every demo's index.ts exports: mount into `el`, return a cleanup. */
interface DemoModule {
  mount(el: HTMLElement): (() => void) | Promise<() => void>;
}

/** `import bytes from "./k.ts?wasm-simd"`: AssemblyScript compiled by the bundler (plain SIMD), as the module's bytes. */
declare module "*?wasm-simd" {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}

/** The same source compiled with relaxed SIMD (`f32x4.relaxed_madd`); check `WebAssembly.validate` before using it. */
declare module "*?wasm-relaxed-simd" {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
