// windows-1252 ships its types as an ambient module, but its package.json "exports" hides them from
// `moduleResolution: "Bundler"`; this pulls them in.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- no import can name this file (see above).
/// <reference path="../../node_modules/windows-1252/windows-1252.d.ts" />
