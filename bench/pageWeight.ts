// `npx tsx bench/pageWeight.ts [_site]`: each demo page's initial load, and every demo's chunks, gzipped
// (measured by tools/pageWeight.ts, which the byte-budget tests use too).
import { commandArgsOrExit } from "../cli/commandArgs.ts";
import { isMainModule } from "../cli/mainModule.ts";
import { builtPages, demoChunks, pageWeight, totalGzip } from "../tools/pageWeight.ts";

function printWeights(output: string): void {
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
  const printed = new Set<string>();
  for (const url of builtPages(output)) {
    const weight = pageWeight(output, url);
    if (!weight.demos.length) continue;
    const initial = [...weight.initialScripts, ...weight.stylesheets];
    console.log(`${url}: ${kb(totalGzip(initial))} gzipped before any demo is near view`);
    for (const asset of initial) console.log(`    ${kb(asset.gzipBytes).padStart(9)}  ${asset.url}`);
    for (const placeholder of weight.placeholders) {
      const { name } = placeholder;
      if (printed.has(name)) continue;
      printed.add(name);
      const chunks = demoChunks(output, placeholder, "/assets/demos/");
      console.log(`  demo "${name}": ${kb(totalGzip(chunks))} gzipped in ${chunks.length} files`);
      for (const chunk of [...chunks].sort((a, b) => b.gzipBytes - a.gzipBytes))
        console.log(`    ${kb(chunk.gzipBytes).padStart(9)}  ${chunk.url}`);
    }
  }
}

if (isMainModule(import.meta.url)) {
  const { positionals } = commandArgsOrExit("usage: npx tsx bench/pageWeight.ts [<built folder>]", {
    args: process.argv.slice(2),
    options: {},
    allowPositionals: true,
  });
  printWeights(positionals[0] ?? "_site");
}
