// Promise-per-request wrapper around a module worker; terminating it is how Cancel stops a loop at once.
import type { CommonReply } from "./workerProtocol.ts";

type Pending<Reply> = {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
  onProgress?: (step: string) => void;
};

// Distributes Omit over the request union, so each variant keeps its own fields.
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

export class WorkerClient<Request extends { id: number }, Reply extends { id: number; type: string }> {
  private worker: Worker | undefined;
  private nextId = 1;
  private pending = new Map<number, Pending<Reply>>();

  constructor(
    private readonly url: string,
    private readonly name: string,
  ) {}

  request(message: WithoutId<Request>, onProgress?: (step: string) => void): Promise<Reply> {
    const id = this.nextId++;
    const worker = this.start();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ ...message, id });
    });
  }

  /** Stops any running work immediately; the next request starts a fresh worker. */
  terminate(reason = "cancelled"): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.failAll(reason);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.url, { type: "module", name: this.name });
    worker.addEventListener("message", (event: MessageEvent<Reply | CommonReply>) => this.receive(event.data));
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      if (this.worker === worker) this.worker = undefined;
      worker.terminate();
      this.failAll(`the ${this.name} worker stopped: ${event.message || "it could not be loaded"}`);
    });
    this.worker = worker;
    return worker;
  }

  private receive(reply: Reply | CommonReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.type === "progress") {
      pending.onProgress?.((reply as CommonReply & { type: "progress" }).step);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.type === "error") pending.reject(new Error((reply as CommonReply & { type: "error" }).message));
    else pending.resolve(reply as Reply);
  }

  private failAll(reason: string): void {
    for (const pending of this.pending.values()) pending.reject(new Error(reason));
    this.pending.clear();
  }
}
