// GFLOP/s against n and time against n, both on logarithmic axes, with the crossover marked.
import type { Chart as ChartType, ChartConfiguration, Plugin } from "chart.js";
import { backends, type BackendId } from "../measurement/backends.ts";
import type { Crossover } from "../measurement/crossover.ts";
import { isChartable, type ResultRow } from "../measurement/results.ts";
import { yieldToPage } from "./yieldToPage.ts";

/** Colour and marker shape per backend, so series differ by more than colour. */
export const seriesStyle: Record<
  BackendId,
  { color: string; point: "circle" | "rect" | "triangle" | "rectRot" | "star" | "crossRot" | "rectRounded" }
> = {
  "js-ijk": { color: "#a0522d", point: "circle" },
  "js-ikj": { color: "#e67e22", point: "rect" },
  webasm: { color: "#9a9a00", point: "triangle" },
  "wasm-tiled": { color: "#7b3fa0", point: "rect" },
  webgl2: { color: "#1f77b4", point: "rectRot" },
  webgl: { color: "#17a2b8", point: "star" },
  webgpu: { color: "#2ca02c", point: "crossRot" },
  "wgsl-tiled": { color: "#d62728", point: "rectRounded" },
};

interface CrossoverOptions {
  n?: number;
  color?: string;
}

/** Draws a dashed vertical line and a label at the crossover size. */
const crossoverLine: Plugin<"line"> = {
  id: "crossoverLine",
  afterDatasetsDraw(chart, _args, options) {
    const { n, color = "#888" } = options as CrossoverOptions;
    const x = chart.scales["x"];
    if (!n || !x) return;
    const pixel = x.getPixelForValue(n);
    const { top, bottom } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(pixel, top);
    ctx.lineTo(pixel, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = "12px system-ui, sans-serif";
    ctx.fillText(`crossover n = ${n}`, pixel + 4, top + 12);
    ctx.restore();
  },
};

function formatTick(value: number): string {
  const magnitude = Math.log10(value);
  return Number.isInteger(Math.round(magnitude * 1e6) / 1e6) ? String(value) : "";
}

export interface ChartColors {
  text: string;
  grid: string;
}

export interface MatmulCharts {
  update(rows: readonly ResultRow[], sizes: readonly number[], crossover: Crossover | undefined): void;
  destroy(): void;
}

type Metric = "gflops" | "ms";

function datasets(rows: readonly ResultRow[], metric: Metric): ChartConfiguration<"line">["data"]["datasets"] {
  const charted = rows.filter(isChartable);
  const sets: ChartConfiguration<"line">["data"]["datasets"] = [];
  for (const backend of backends) {
    const mine = charted.filter((row) => row.backend === backend.id).sort((x, y) => x.n - y.n);
    if (mine.length === 0) continue;
    const style = seriesStyle[backend.id];
    const base = {
      borderColor: style.color,
      backgroundColor: style.color,
      pointStyle: style.point,
      pointRadius: 4,
      borderWidth: 2,
    };
    sets.push({
      ...base,
      label: mine[0]!.ranOnGpu || backend.target === "cpu" ? backend.id : `${backend.id} (fell back to CPU)`,
      data: mine.map((row) => ({ x: row.n, y: metric === "gflops" ? row.gflops : row.timing.medianMs })),
    });
    const resident = mine.filter((row) => row.resident && row.residentGflops !== undefined);
    if (resident.length > 0) {
      sets.push({
        ...base,
        label: `${backend.id}, data kept on GPU`,
        borderDash: [6, 4],
        pointRadius: 3,
        data: resident.map((row) => ({
          x: row.n,
          y: metric === "gflops" ? row.residentGflops! : row.resident!.medianMs,
        })),
      });
    }
  }
  return sets;
}

type LineOptions = NonNullable<ChartConfiguration<"line">["options"]>;

/**
 * A line chart of this demo: redrawn without animation, sized by its box, points given ready as {x, y}, legend in
 * the page's colours; `scales` and any plugin options are the chart's own.
 */
export function lineChartConfig(
  colors: ChartColors,
  scales: LineOptions["scales"],
  pluginOptions: object = {},
  plugins: Plugin<"line">[] = [],
): ChartConfiguration<"line"> {
  return {
    type: "line",
    data: { datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      color: colors.text,
      scales,
      plugins: { legend: { labels: { color: colors.text, usePointStyle: true } }, ...pluginOptions },
    },
    plugins,
  };
}

/** A titled logarithmic axis in the page's colours. */
export function logAxis(text: string, colors: ChartColors) {
  return {
    type: "logarithmic" as const,
    title: { display: true, text, color: colors.text },
    grid: { color: colors.grid },
  };
}

function config(metric: Metric, colors: ChartColors): ChartConfiguration<"line"> {
  const title = metric === "gflops" ? "GFLOP/s (log)" : "median ms per product (log)";
  return lineChartConfig(
    colors,
    {
      x: {
        ...logAxis("matrix size n (log₂ spacing)", colors),
        ticks: { color: colors.text, callback: (value) => String(value) },
      },
      y: {
        ...logAxis(title, colors),
        // Chart.js's default log-tick formatter goes through Intl and costs ~100 ms per update.
        ticks: { color: colors.text, maxTicksLimit: 8, callback: (value) => formatTick(Number(value)) },
      },
    },
    { crossoverLine: { color: colors.text } },
    [crossoverLine],
  );
}

export async function createCharts(
  gflopsCanvas: HTMLCanvasElement,
  timeCanvas: HTMLCanvasElement,
  colors: ChartColors,
): Promise<MatmulCharts> {
  const { Chart } = await import("./chartSetup.ts");
  // Each chart is built, and later redrawn, in a task of its own: on a slow phone two at once can block the page.
  const gflopsChart = new Chart(gflopsCanvas, config("gflops", colors));
  await yieldToPage();
  const charts: Array<[ChartType<"line">, Metric]> = [
    [gflopsChart, "gflops"],
    [new Chart(timeCanvas, config("ms", colors)), "ms"],
  ];
  let destroyed = false;
  const redraw = (
    chart: ChartType<"line">,
    metric: Metric,
    rows: readonly ResultRow[],
    sizes: readonly number[],
    crossover: Crossover | undefined,
  ) => {
    chart.data.datasets = datasets(rows, metric);
    const x = chart.options.scales?.["x"] as
      { afterBuildTicks?: (axis: { ticks: Array<{ value: number }> }) => void } | undefined;
    // Ticks exactly at the sizes tried: a log axis then reads as powers of two.
    if (x) x.afterBuildTicks = (axis) => void (axis.ticks = sizes.map((value) => ({ value })));
    const plugins = chart.options.plugins as Record<string, CrossoverOptions>;
    plugins["crossoverLine"] = { ...plugins["crossoverLine"], n: crossover?.n };
    chart.update();
  };
  return {
    update(rows, sizes, crossover) {
      void (async () => {
        for (const [chart, metric] of charts) {
          if (destroyed) return;
          redraw(chart, metric, rows, sizes, crossover);
          await yieldToPage();
        }
      })();
    },
    destroy() {
      destroyed = true;
      for (const [chart] of charts) chart.destroy();
    },
  };
}
