// Only the line-chart parts of Chart.js, registered once; this module is what the demo loads lazily.
// No Tooltip plugin: it is 4.6 KB gzipped, hover-only, and every charted number is in the results table
// and the charts' text summaries; without it the whole demo fits its 240 KB budget (test/budgets.test.ts).
import { Chart, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement } from "chart.js";

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend);

export { Chart };
