// One extra wasm-tiled thread, started by the CPU worker: instantiates the module over the shared memory it is
// given, says it is ready, then serves row ranges (and peak loops) until the CPU worker stops it.
import { instantiateWasmTiled, serveWasmThread, type WasmThreadStart } from "../kernels/wasmTiled.ts";
import { errorMessage } from "./workerProtocol.ts";

export type WasmThreadReply = { type: "ready" } | { type: "error"; message: string };

// A module worker's global scope; typed narrowly because tsconfig's DOM lib describes a window.
const scope = globalThis as unknown as {
  postMessage(message: WasmThreadReply): void;
  addEventListener(type: "message", listener: (event: MessageEvent<WasmThreadStart>) => void): void;
};

scope.addEventListener("message", (event) => {
  void (async () => {
    try {
      const exports = await instantiateWasmTiled(event.data.module, event.data.memory);
      serveWasmThread(exports, event.data, () => scope.postMessage({ type: "ready" }));
    } catch (error) {
      scope.postMessage({ type: "error", message: errorMessage(error) });
    }
  })();
});
