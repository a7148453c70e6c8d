// `npm run preview` under hostile requests: each row is a raw request written to a TCP socket and the status it
// must get; after every row the real CLI process must still be running and serve the home page. Then what a
// site folder can do to it (symlinks out, a link loop, a malformed `_headers`, a rebuild swapping the folder)
// and what a slow client can (it is cut off).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPreviewServer } from "../server/previewServer.ts";
import { replaceSite } from "../cli/build/siteSwap.ts";
import { repoRoot } from "./helpers/site.ts";

const BIG = "x".repeat(3 * 1024 * 1024);

/** A site folder as the build writes one, plus the traps. */
function makeSite(root: string, marker = "home"): void {
  const file = (name: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  };
  file("index.html", `<!doctype html><title>${marker}</title><p>${"Lorem ipsum dolor sit amet. ".repeat(40)}</p>`);
  file("404.html", "<!doctype html><title>missing</title>");
  file("tags/index.html", "<!doctype html><title>tags</title>");
  file("demo page/index.html", "<!doctype html><title>demo</title>");
  file("about.html", "<!doctype html><title>about</title>");
  file("big.txt", BIG);
  file(
    "_headers",
    "/*\n  X-Content-Type-Options: nosniff\n/demo%20page/\n  X-Demo: yes\n/demo%20page/index.html\n  X-Demo: yes\n",
  );
  symlinkSync("/etc/passwd", path.join(root, "passwd"));
  symlinkSync("/etc", path.join(root, "outside"));
  symlinkSync(path.join(root, "loop"), path.join(root, "loop"));
  symlinkSync(path.join(root, "index.html"), path.join(root, "inside.html"));
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `request` as bytes and reads until the server closes the connection. */
function rawRequest(port: number, request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...headerLines] = head.split("\r\n");
      const headers = Object.fromEntries(
        headerLines.map((line) => [
          line.slice(0, line.indexOf(":")).toLowerCase(),
          line.slice(line.indexOf(":") + 1).trim(),
        ]),
      );
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0),
        headers,
        body: rest.join("\r\n\r\n"),
      });
    });
    socket.write(request);
  });
}

const get = (target: string, headers = "") =>
  `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n`;
const long = "a".repeat(300);

/** [what, raw request, status, more checks] */
const HOSTILE: Array<[string, string, number, ((response: RawResponse) => void)?]> = [
  ["a file followed by /", get("/index.html/"), 404],
  ["a 300-character segment", get(`/${long}`), 404],
  ["three 300-character segments", get(`/${long}/${long}/${long}.html`), 404],
  ["GET //[/x", get("//[/x"), 404],
  ["absolute form with a broken host", get("http://[/"), 200],
  ["absolute form with port 99999", get("http://a:99999/"), 200],
  ["absolute form naming a file", get("https://evil.example/about"), 200],
  ["a symlink to /etc/passwd", get("/passwd"), 404],
  ["a symlinked folder out of the site", get("/outside/passwd"), 404],
  ["a symlink loop", get("/loop"), 404],
  ["a symlink loop as a folder", get("/loop/x/"), 404],
  ["a symlink that stays inside", get("/inside.html"), 200, (r) => expect(r.body).toContain("<title>home")],
  [
    "/.//tags: a redirect that stays on the site",
    get("/.//tags"),
    301,
    (r) => expect(r.headers.location).toBe("/tags/"),
  ],
  ["//tags", get("//tags"), 301, (r) => expect(r.headers.location).toBe("/tags/")],
  ["///evil.example/..", get("///evil.example/.."), 200],
  ["/\\evil.example", get("/%5Cevil.example"), 404],
  [
    "tags with a CRLF in the query",
    get("/tags?a=%0d%0aSet-Cookie:x"),
    301,
    (r) => {
      expect(r.headers.location).toBe("/tags/?a=%0d%0aSet-Cookie:x");
      expect(r.headers["set-cookie"]).toBeUndefined();
    },
  ],
  ["dot segments above the root", get("/../../../etc/passwd"), 404],
  ["encoded dot segments", get("/%2e%2e/%2e%2e/etc/passwd"), 404],
  ["an encoded slash", get("/..%2f..%2fetc%2fpasswd"), 404],
  ["a broken %-escape", get("/%E0%A4%A"), 400],
  ["a lone %", get("/100%"), 400],
  ["an encoded NUL", get("/index.html%00.png"), 404],
  ["backslashes", get("/..\\..\\etc\\passwd"), 404],
  ["asterisk form", get("*"), 400],
  ["a relative target", get("index.html"), 400],
  ["OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405],
  ["POST with a body", "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello", 405],
  ["a method Node does not know", "BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 400],
  ["not HTTP at all", "HELLO\r\n\r\n", 400],
  ["a NUL in the request line", "GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n", 400],
  ["a control byte in the path", "GET /\x7f HTTP/1.1\r\nHost: x\r\n\r\n", 400],
  ["bytes above 0x7F in the path", get("/caf\xe9"), 400],
  ["a 20 KB header", get("/", `X-Big: ${"b".repeat(20_000)}\r\n`), 431],
  ["a 100 KB URL", get(`/${"u".repeat(100_000)}`), 431],
  ["HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", 200],
  ["HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400],
  ["the host's _headers", get("/_headers"), 404],
  [
    "a range past the end",
    get("/index.html", "Range: bytes=999999-\r\n"),
    416,
    (r) => expect(r.headers["content-range"]).toMatch(/^bytes \*\/\d+$/),
  ],
  ["a zero-length suffix range", get("/index.html", "Range: bytes=-0\r\n"), 416],
  ["a backwards range", get("/index.html", "Range: bytes=9-3\r\n"), 200],
  ["a huge range number", get("/index.html", `Range: bytes=${"9".repeat(400)}-\r\n`), 416],
  ["a range", get("/index.html", "Range: bytes=0-14\r\n"), 206, (r) => expect(r.body).toBe("<!doctype html>")],
  [
    "many ranges",
    get("/index.html", `Range: bytes=${Array.from({ length: 500 }, (_, i) => `${i}-${i}`).join(",")}\r\n`),
    200,
  ],
  ["a garbage Accept-Encoding", get("/index.html", `Accept-Encoding: ${";q=;,".repeat(300)}\r\n`), 200],
  ["a garbage If-Modified-Since", get("/index.html", "If-Modified-Since: yesterday\r\n"), 200],
  ["If-None-Match: *", get("/index.html", "If-None-Match: *\r\n"), 304],
  [
    "a page with a space in its path, and its _headers rules",
    get("/demo%20page/"),
    200,
    (r) => expect(r.headers["x-demo"]).toBe("yes"),
  ],
  ["the same page as index.html", get("/demo%20page/index.html"), 200, (r) => expect(r.headers["x-demo"]).toBe("yes")],
  [
    "Content-Length and Transfer-Encoding together (smuggling)",
    "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    400,
  ],
  ["a broken chunked body", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400],
  ["two Host headers", get("/", "Host: y\r\n"), 200],
  ["two requests pipelined", `GET / HTTP/1.1\r\nHost: x\r\n\r\n${get("/tags/")}`, 200],
  ["an 8 KB query", get(`/?${"q".repeat(8000)}`), 200],
  [
    "HEAD of a large file",
    "HEAD /big.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    200,
    (r) => {
      expect(r.headers["content-length"]).toBe(String(BIG.length));
      expect(r.body).toBe("");
    },
  ],
  ["a suffix range", get("/big.txt", "Range: bytes=-10\r\n"), 206, (r) => expect(r.body).toBe("x".repeat(10))],
  ["an If-Range that no longer matches", get("/big.txt", 'Range: bytes=0-9\r\nIf-Range: "stale"\r\n'), 200],
  [
    "a folder with a space, unslashed",
    get("/demo%20page"),
    301,
    (r) => expect(r.headers.location).toBe("/demo%20page/"),
  ],
];

describe("npm run preview against hostile requests", () => {
  let site: string;
  let preview: ChildProcess;
  let port: number;
  let log = "";

  beforeAll(async () => {
    site = path.join(mkdtempSync(path.join(tmpdir(), "preview-hostile-")), "_site");
    makeSite(site);
    preview = spawn(
      process.execPath,
      [
        path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"),
        "cli/preview.ts",
        "--dir",
        site,
        "--port",
        "0",
        "--host",
        "127.0.0.1",
      ],
      {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    port = await new Promise<number>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        const found = /Serving .* at http:\/\/127\.0\.0\.1:(\d+)\//.exec(log)?.[1];
        if (found) resolve(Number(found));
      };
      preview.stdout!.on("data", onData);
      preview.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
      preview.once("exit", (code) => reject(new Error(`preview exited (${code}):\n${log}`)));
    });
  });

  afterAll(() => {
    preview?.kill();
  });

  async function expectStillServing(): Promise<void> {
    expect(preview.exitCode, log).toBeNull();
    const home = await rawRequest(port, get("/"));
    expect(home.status, log).toBe(200);
  }

  it.each(HOSTILE)("%s", async (_what, request, status, check) => {
    const response = await rawRequest(port, Buffer.from(request, "latin1"));
    expect(response.status).toBe(status);
    check?.(response);
    await expectStillServing();
  });

  it("revalidates with ETag and Last-Modified, and compresses text as hosts do (brotli, then gzip)", async () => {
    const first = await rawRequest(port, get("/index.html"));
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    expect((await rawRequest(port, get("/index.html", `If-None-Match: ${first.headers.etag}\r\n`))).status).toBe(304);
    expect(
      (await rawRequest(port, get("/index.html", `If-Modified-Since: ${first.headers["last-modified"]}\r\n`))).status,
    ).toBe(304);
    const brotli = await rawRequest(port, get("/index.html", "Accept-Encoding: gzip, br\r\n"));
    expect(brotli.headers["content-encoding"]).toBe("br");
    expect(brotli.headers.vary).toBe("Accept-Encoding");
    expect(brotli.headers.etag).not.toBe(first.headers.etag);
    expect(zlib.brotliDecompressSync(Buffer.from(brotli.body, "latin1")).toString()).toContain("<title>home");
    const gzip = await rawRequest(port, get("/index.html", "Accept-Encoding: gzip, br;q=0\r\n"));
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(Buffer.from(gzip.body, "latin1")).toString()).toContain("<title>home");
    expect(
      (await rawRequest(port, get("/index.html", `Accept-Encoding: br\r\nIf-None-Match: ${brotli.headers.etag}\r\n`)))
        .status,
    ).toBe(304);
  });

  it("answers a malformed _headers with a 500 naming the line, and recovers when it is fixed", async () => {
    const headersFile = path.join(site, "_headers");
    writeFileSync(headersFile, "  X-Orphan: header\n");
    const broken = await rawRequest(port, get("/"));
    expect(broken.status).toBe(500);
    expect(broken.body).toMatch(/_headers:1: header line before any path/);
    writeFileSync(headersFile, "/*\n  X-Content-Type-Options: nosniff\n");
    await expectStillServing();
  });

  it("keeps serving while rebuilds swap the site folder, and finishes a download the swap retired", async () => {
    const big = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      const chunks: Buffer[] = [];
      let swapped = false;
      socket.on("data", (chunk) => {
        chunks.push(chunk);
        if (!swapped) {
          swapped = true;
          socket.pause();
          // The folder being read from is retired and deleted mid-download, as `npm run build` does.
          const next = `${site}.staging-${process.pid}`;
          makeSite(next, "rebuilt");
          replaceSite(next, site).then(() => socket.resume(), reject);
        }
      });
      socket.on("error", reject);
      socket.on("close", () => resolve(Buffer.concat(chunks)));
      socket.write(get("/big.txt"));
    });
    expect(big.toString("latin1").endsWith(BIG)).toBe(true);
    const statuses: number[] = [];
    for (let round = 0; round < 30; round++) {
      const next = `${site}.staging-${process.pid}`;
      makeSite(next, `round ${round}`);
      const requests = Array.from({ length: 20 }, () =>
        rawRequest(port, get("/")).then((r) => statuses.push(r.status)),
      );
      await replaceSite(next, site);
      await Promise.all(requests);
    }
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect((await rawRequest(port, get("/"))).body).toContain("round 29");
  });

  it("answers 503 while there is no site at all, and serves again once there is", async () => {
    const away = `${site}.away`;
    renameSync(site, away);
    expect((await rawRequest(port, get("/"))).status).toBe(503);
    renameSync(away, site);
    await expectStillServing();
  });
});

describe("the preview's timeouts", () => {
  it("closes a connection that sends half a request and then nothing, and one left idle", async () => {
    const site = mkdtempSync(path.join(tmpdir(), "preview-slow-"));
    makeSite(site);
    const server = createPreviewServer({ root: site, timeouts: { idleMs: 400, headersMs: 300, requestMs: 600 } });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const partial of [
        "GET / HTTP/1.1\r\nHost: x\r\n",
        "",
        get("/").replace("Connection: close", "Connection: keep-alive"),
      ]) {
        const closed = await new Promise<boolean>((resolve) => {
          const socket = connect(port, "127.0.0.1", () => socket.write(partial));
          socket.on("data", () => undefined);
          socket.on("error", () => undefined);
          socket.on("close", () => resolve(true));
        });
        expect(closed).toBe(true);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(site, { recursive: true, force: true });
    }
  });
});
