// The roofline: log-log GFLOP/s against FLOP per byte, each device's measured roof and each backend's sizes.
import type { Chart as ChartType, ChartConfiguration } from "chart.js";
import { backends } from "../measurement/backends.ts";
import type { MeasuredPeaks } from "../measurement/peaks.ts";
import { isChartable, type ResultRow } from "../measurement/results.ts";
import { matmulIntensity, ridgeIntensity, roofAt, roofsFrom } from "../measurement/roofline.ts";
import type { ChartColors } from "./charts.ts";
import { lineChartConfig, logAxis, seriesStyle } from "./charts.ts";
import { yieldToPage } from "./yieldToPage.ts";

/** n = 6 to n = 6,000: every size the demo offers. */
const intensityRange: [number, number] = [1, 1000];
const roofColors = { CPU: "#7b3fa0", GPU: "#2ca02c" } as const;

type Datasets = ChartConfiguration<"line">["data"]["datasets"];

export function rooflineDatasets(rows: readonly ResultRow[], peaks: MeasuredPeaks): Datasets {
  const sets: Datasets = [];
  for (const roof of roofsFrom(peaks)) {
    const ridge = ridgeIntensity(roof);
    const xs = [
      intensityRange[0],
      ...(ridge > intensityRange[0] && ridge < intensityRange[1] ? [ridge] : []),
      intensityRange[1],
    ];
    sets.push({
      label: `${roof.device} roof (measured)`,
      data: xs.map((x) => ({ x, y: roofAt(roof, x) })),
      borderColor: roofColors[roof.device],
      backgroundColor: roofColors[roof.device],
      borderDash: [8, 4],
      borderWidth: 2,
      pointRadius: 0,
    });
  }
  const charted = rows.filter(isChartable);
  for (const backend of backends) {
    const mine = charted.filter((row) => row.backend === backend.id).sort((x, y) => x.n - y.n);
    if (mine.length === 0) continue;
    const style = seriesStyle[backend.id];
    sets.push({
      label: backend.id,
      data: mine.map((row) => ({ x: matmulIntensity(row.n), y: row.gflops })),
      borderColor: style.color,
      backgroundColor: style.color,
      pointStyle: style.point,
      pointRadius: 4,
      borderWidth: 1,
    });
  }
  return sets;
}

function config(colors: ChartColors): ChartConfiguration<"line"> {
  return lineChartConfig(colors, {
    x: {
      ...logAxis("arithmetic intensity, FLOP per byte (log; n×n matmul: n/6)", colors),
      min: intensityRange[0],
      max: intensityRange[1],
      // Chart.js's default log-tick formatter goes through Intl and costs ~100 ms per update.
      ticks: { color: colors.text, callback: (value) => tick(Number(value)) },
    },
    y: {
      ...logAxis("GFLOP/s (log)", colors),
      ticks: { color: colors.text, maxTicksLimit: 8, callback: (value) => tick(Number(value)) },
    },
  });
}

function tick(value: number): string {
  return Number.isInteger(Math.round(Math.log10(value) * 1e6) / 1e6) ? String(value) : "";
}

export interface RooflineChart {
  update(rows: readonly ResultRow[], peaks: MeasuredPeaks): void;
  destroy(): void;
}

export async function createRoofline(canvas: HTMLCanvasElement, colors: ChartColors): Promise<RooflineChart> {
  const { Chart } = await import("./chartSetup.ts");
  // Built and redrawn in tasks of their own, after the other two charts': on a slow phone three at once block the page.
  await yieldToPage();
  const chart: ChartType<"line"> = new Chart(canvas, config(colors));
  let destroyed = false;
  return {
    update(rows, peaks) {
      void yieldToPage().then(() => {
        if (destroyed) return;
        chart.data.datasets = rooflineDatasets(rows, peaks);
        chart.update();
      });
    },
    destroy() {
      destroyed = true;
      chart.destroy();
    },
  };
}
