// The AssemblyScript compile (in its worker thread) gives the same module again while no source changed, and a new
// one as soon as the entry or a file it imports changes: `npm start` asks again on every edit of a demo.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileAssemblyScriptModule } from "../_config/demos/assemblyScript.ts";

function exportsOf(bytes: Uint8Array<ArrayBuffer>): string[] {
  return WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((entry) => entry.name);
}

describe("compileAssemblyScriptModule", () => {
  it("follows every change of the entry and of what it imports", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "asc-compile-"));
    const entry = path.join(dir, "entry.ts");
    const helper = path.join(dir, "helper.ts");
    writeFileSync(helper, "export function twice(x: i32): i32 { return x * 2; }\n");
    writeFileSync(
      entry,
      'import { twice } from "./helper";\nexport function first(x: i32): i32 { return twice(x); }\n',
    );

    const before = await compileAssemblyScriptModule(entry, "simd");
    const again = await compileAssemblyScriptModule(entry, "simd");
    expect(again.bytes).toEqual(before.bytes);
    expect(again.inputs.map((input) => path.basename(input)).sort()).toEqual(["entry.ts", "helper.ts"]);
    expect(exportsOf(before.bytes)).toContain("first");

    writeFileSync(
      entry,
      'import { twice } from "./helper";\nexport function second(x: i32): i32 { return twice(x); }\n',
    );
    const renamed = await compileAssemblyScriptModule(entry, "simd");
    expect(exportsOf(renamed.bytes)).toContain("second");
    expect(exportsOf(renamed.bytes)).not.toContain("first");

    writeFileSync(helper, "export function twice(x: i32): i32 { return x * 3; }\n");
    const changedImport = await compileAssemblyScriptModule(entry, "simd");
    expect(changedImport.bytes).not.toEqual(renamed.bytes);
  }, 120_000);
});
