// Promise-per-request wrapper around the CPU worker; terminating it is how Cancel stops a loop at once.
import type { WorkerReply, WorkerRequest } from "./workerProtocol.ts";

type Pending = {
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
  onProgress?: (samples: number) => void;
};

// Distributes Omit over the request union, so each variant keeps its own fields.
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

export class CpuWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(private readonly url: string) {}

  request(message: WithoutId<WorkerRequest>, onProgress?: (samples: number) => void): Promise<WorkerReply> {
    const id = this.nextId++;
    const worker = this.start();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ ...message, id });
    });
  }

  /** Stops any running loop immediately; the next request starts a fresh worker. */
  terminate(reason = "cancelled"): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.failAll(reason);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.url, { type: "module", name: "matmul-cpu" });
    worker.addEventListener("message", (event: MessageEvent<WorkerReply>) => this.receive(event.data));
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.worker = undefined;
      worker.terminate();
      this.failAll(`the CPU worker stopped: ${event.message || "it could not be loaded"}`);
    });
    this.worker = worker;
    return worker;
  }

  private receive(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.type === "progress") {
      pending.onProgress?.(reply.samples);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.type === "error") pending.reject(new Error(reply.message));
    else pending.resolve(reply);
  }

  private failAll(reason: string): void {
    for (const pending of this.pending.values()) pending.reject(new Error(reason));
    this.pending.clear();
  }
}
