// The slice of `ws` (installed with Eleventy's dev server) that bench:rebuild uses: a client, as a browser tab.
declare module "ws" {
  import type { EventEmitter } from "node:events";
  export default class WebSocket extends EventEmitter {
    constructor(url: string);
    close(): void;
  }
}
