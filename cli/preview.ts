// `npm run preview`: serves the built `_site` the way a static host would, with exactly the headers its
// `_headers` file gives (so COOP/COEP, CSP and caching are what readers get), under the path prefix.
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { withPathPrefix } from "../_config/basePath.ts";
import { isMainModule } from "./mainModule.ts";
import { parseCommandArgs } from "./commandArgs.ts";
import { createPreviewServer, type PreviewTimeouts } from "../server/previewServer.ts";
import { recoverSite } from "./build/siteSwap.ts";

export { contentTypeFor, createPreviewServer } from "../server/previewServer.ts";

export const DEFAULT_PORT = 8081;

export interface PreviewOptions {
  /** The built site; default `_site`. */
  root?: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  pathPrefix?: string;
  timeouts?: Partial<PreviewTimeouts>;
}

/** Starts the preview; resolves once it listens, with the URL of the site's home page. */
export async function startPreview(options: PreviewOptions = {}): Promise<{ server: Server; url: string }> {
  const { port = DEFAULT_PORT, host = "localhost", pathPrefix = "/", root = "_site", timeouts } = options;
  // A build killed between its two renames leaves the last site as `_site.old-<pid>`: put it back first.
  for (const line of await recoverSite(path.resolve(root))) console.log(`preview: ${line}`);
  if (!existsSync(path.join(root, "index.html"))) {
    throw new Error(`preview: no built site in "${root}" (no index.html). Run \`npm run build\` first.`);
  }
  const server = createPreviewServer({ root, pathPrefix, timeouts });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host === "localhost" ? "localhost" : shownHost}:${address.port}${withPathPrefix("/", pathPrefix)}`;
  return { server, url };
}

const USAGE =
  "usage: npm run preview -- [--port <0–65535>] [--host <name>] [--dir <folder>] [--path-prefix </prefix/>]";

/** `--port 8081 --host localhost --dir _site --path-prefix /blog/`; the prefix defaults to PATH_PREFIX, like the build. */
export function parsePreviewArgs(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Required<Omit<PreviewOptions, "timeouts">> {
  const { values } = parseCommandArgs(USAGE, {
    args: [...args],
    options: {
      port: { type: "string" },
      host: { type: "string" },
      dir: { type: "string" },
      "path-prefix": { type: "string" },
    },
  });
  const portText = values.port ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`preview: --port must be 0–65535, got "${portText}".`);
  return {
    port,
    host: values.host ?? "localhost",
    root: values.dir ?? "_site",
    pathPrefix: values["path-prefix"] ?? env.PATH_PREFIX ?? "/",
  };
}

if (isMainModule(import.meta.url)) {
  try {
    const options = parsePreviewArgs(process.argv.slice(2));
    const { url } = await startPreview(options);
    const headersFile = path.join(options.root, "_headers");
    console.log(`Serving ${options.root} at ${url}`);
    console.log(
      existsSync(headersFile) ? `with the headers in ${headersFile}` : `(no ${headersFile}: no extra headers)`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
