// The matmul demo's shareable state and outputs: URL hash, Markdown/JSON, crossover, software-GPU detection.
import { describe, expect, it } from "vitest";
import { chartSummary } from "../demos/gpu-vs-cpu-matmul/view/chartText.ts";
import { explainCrossover, findCrossover } from "../demos/gpu-vs-cpu-matmul/measurement/crossover.ts";
import { parseHashState, serializeHashState } from "../demos/gpu-vs-cpu-matmul/view/hashState.ts";
import type { ResultRow } from "../demos/gpu-vs-cpu-matmul/measurement/results.ts";
import { resultsToJson, resultsToMarkdown } from "../demos/gpu-vs-cpu-matmul/view/resultsFormat.ts";
import { isSoftwareRenderer } from "../demos/gpu-vs-cpu-matmul/devices/softwareRenderer.ts";
import { summarizeTimings } from "../demos/gpu-vs-cpu-matmul/measurement/statistics.ts";

function row(backend: ResultRow["backend"], n: number, medianMs: number, extra: Partial<ResultRow> = {}): ResultRow {
  return {
    backend,
    n,
    status: "ok",
    ran: backend,
    ranOnGpu: ["webgl2", "webgpu", "wgsl-tiled"].includes(backend),
    device: "test device",
    firstMs: medianMs * 3,
    timing: summarizeTimings([medianMs, medianMs]),
    gflops: (2 * n ** 3) / (medianMs * 1e6),
    verified: true,
    worstError: 1e-7,
    checked: n * n,
    ...extra,
  };
}

describe("URL hash state", () => {
  it("parses sizes and backends, names as in the table", () => {
    expect(parseHashState("#sizes=64,128&backends=webasm,webgl2")).toEqual({
      sizes: [64, 128],
      backends: ["webasm", "webgl2"],
    });
  });

  it("ignores what is not ours or not valid, sorts and de-duplicates sizes", () => {
    expect(parseHashState("#why-gpu")).toEqual({});
    expect(parseHashState("")).toEqual({});
    expect(parseHashState("#sizes=256,x,64,0,64,100000,100&backends=cuda,wgsl-tiled")).toEqual({
      sizes: [64, 100, 256],
      backends: ["wgsl-tiled"],
    });
    expect(parseHashState("#sizes=abc")).toEqual({});
  });

  it("reads a budget in seconds a product, clamped to 0.01–60 s; a value that is not a number is ignored", () => {
    expect(parseHashState("#sizes=64&budget=0.05")).toEqual({ sizes: [64], budgetSeconds: 0.05 });
    expect(parseHashState("#budget=2.5").budgetSeconds).toBe(2.5);
    expect(parseHashState("#budget=0").budgetSeconds).toBe(0.01);
    expect(parseHashState("#budget=-3").budgetSeconds).toBe(0.01);
    expect(parseHashState("#budget=1e9").budgetSeconds).toBe(60);
    for (const junk of ["#budget=", "#budget=%20", "#budget=fast", "#budget=Infinity", "#budget=0x", "#budget"])
      expect(parseHashState(junk), junk).toEqual({});
  });

  it("round-trips with commas kept readable", () => {
    const state = { sizes: [64, 100, 1024], backends: ["js-ijk", "wgsl-tiled"] as ResultRow["backend"][] };
    const hash = serializeHashState(state);
    expect(hash).toBe("#sizes=64,100,1024&backends=js-ijk,wgsl-tiled");
    expect(parseHashState(hash)).toEqual(state);
    expect(serializeHashState({})).toBe("");
    const budgeted = { ...state, budgetSeconds: 0.05, debug: "lose-context" as const };
    expect(serializeHashState(budgeted)).toBe(
      "#sizes=64,100,1024&backends=js-ijk,wgsl-tiled&budget=0.05&debug=lose-context",
    );
    expect(parseHashState(serializeHashState(budgeted))).toEqual(budgeted);
  });
});

describe("results as Markdown and JSON", () => {
  const rows = [
    row("js-ikj", 64, 0.5),
    row("webgl2", 64, 2, { resident: summarizeTimings([1]) }),
    row("webgpu", 64, 9, { status: "wrong", verified: false, worstError: 0.5, note: "wrong result at (1, 2)" }),
    {
      ...row("wgsl-tiled", 64, 1),
      status: "skipped",
      verified: false,
      note: "no WebGPU adapter | none",
      timing: undefined,
      gflops: undefined,
    } as ResultRow,
  ];

  it("Markdown: a header, one line per row, numbers only where verified", () => {
    const markdown = resultsToMarkdown(rows, {
      environment: "HeadlessChrome",
      gpuDevice: "SwiftShader",
      emulatedGpu: true,
    });
    const lines = markdown.trim().split("\n");
    expect(lines[0]).toMatch(/^\| backend \| ran \| device \| n \| first call ms \| median ms/);
    expect(lines[1]).toMatch(/^\| --- \|/);
    expect(lines[2]).toContain("| js-ikj |");
    expect(lines[2]).toContain("| 0.500 |");
    expect(lines[3]).toContain("| 1.000 |");
    expect(lines[4]).toContain("WRONG (worst error 5.00e-1)");
    expect(lines[4]).not.toContain("9.000");
    expect(lines[5]).toContain("skipped: no WebGPU adapter \\| none");
    expect(markdown).toContain("GPU: SwiftShader (software emulation on the CPU)");
  });

  it("JSON: every row with its timings, parseable", () => {
    const parsed = JSON.parse(resultsToJson(rows, { environment: "x" })) as { environment: string; rows: ResultRow[] };
    expect(parsed.environment).toBe("x");
    expect(parsed.rows).toHaveLength(4);
    expect(parsed.rows[1]!.resident!.medianMs).toBe(1);
  });
});

describe("crossover", () => {
  it("is the smallest n where the best GPU row beats the best CPU row", () => {
    const rows = [
      row("js-ikj", 64, 0.1),
      row("webgl2", 64, 1),
      row("js-ikj", 256, 10),
      row("webgl2", 256, 5),
      row("wgsl-tiled", 256, 2),
      row("js-ikj", 512, 80),
      row("webgl2", 512, 9),
    ];
    expect(findCrossover(rows)).toEqual({
      n: 256,
      gpuBackend: "wgsl-tiled",
      gpuMs: 2,
      cpuBackend: "js-ikj",
      cpuMs: 10,
    });
    expect(explainCrossover(findCrossover(rows), 1, false)).toMatch(
      /From n = 256 the GPU wins.*fixed latency.*bandwidth/,
    );
  });

  it("ignores wrong rows and CPU fallbacks; explains when there is none", () => {
    const rows = [
      row("js-ikj", 64, 1),
      row("webgl2", 64, 0.5, { status: "wrong", verified: false }),
      row("webgpu", 64, 0.1, { ranOnGpu: false }),
    ];
    expect(findCrossover(rows)).toBeUndefined();
    expect(explainCrossover(undefined, undefined, true)).toMatch(/emulated on the CPU/);
  });

  it("chart summaries name every charted series", () => {
    const rows = [row("js-ikj", 64, 1), row("webgl2", 64, 2), row("webgl2", 128, 4)];
    expect(chartSummary(rows, "gflops")).toMatch(/Highest throughput: webgl2 at n = 128/);
    expect(chartSummary(rows, "ms")).toMatch(/webgl2 \(ms\): n 64: 2.00, n 128: 4.00/);
    expect(chartSummary([], "ms")).toMatch(/No verified results/);
  });
});

describe("software renderers", () => {
  it.each([
    "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)",
    "llvmpipe (LLVM 15.0.6, 256 bits)",
    "Microsoft Basic Render Driver",
  ])("flags %s", (name) => expect(isSoftwareRenderer(name)).toBe(true));

  it("does not flag real GPUs, but does flag a WebGPU fallback adapter", () => {
    expect(isSoftwareRenderer("ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 Direct3D11 vs_5_0 ps_5_0)")).toBe(false);
    expect(isSoftwareRenderer("apple, metal-3", true)).toBe(true);
  });
});
