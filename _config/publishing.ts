// What a build publishes. `npm run build` leaves out `published: false` and future-dated posts;
// `npm start` (Eleventy's serve mode) shows them, and drafts, so the author can preview.

import path from "node:path";

/** Where `npm start` writes: drafts and future posts must never land in `_site`, which is what gets published. */
export const DEV_OUTPUT = ".cache/dev-site";

/** Throws if a preview build (drafts, future and unpublished posts) would write into the published folder. */
export function assertDevOutput(output: string, projectRoot = process.cwd()): void {
  if (isPreview() && path.resolve(projectRoot, output) === path.resolve(projectRoot, "_site")) {
    throw new Error(
      `npm start writes drafts, future and unpublished posts, so it must not write into _site (which is published): run it with --output=${DEV_OUTPUT}, as \`npm start\` does`,
    );
  }
}

export function isPreview(): boolean {
  return process.env.ELEVENTY_RUN_MODE === "serve" || process.env.ELEVENTY_RUN_MODE === "watch";
}

/** The earliest time zone (UTC+14): a date written without a zone has begun somewhere by then. */
const EARLIEST_ZONE_MS = 14 * 3600_000;

/** When a post's date happens: its written offset if it has one, else as soon as it is that time anywhere. */
export function publishInstant(wallClock: Date, offset: string | null | undefined): number {
  if (offset === "Z") return wallClock.getTime();
  const match = offset ? /^([+-])(\d{2}):(\d{2})$/.exec(offset) : null;
  if (!match) return wallClock.getTime() - EARLIEST_ZONE_MS;
  const minutes = (Number(match[2]) * 60 + Number(match[3])) * (match[1] === "-" ? -1 : 1);
  return wallClock.getTime() - minutes * 60_000;
}

export function isPublished(
  data: { published?: unknown; dateOffset?: string | null; page?: { date?: Date } },
  now = new Date(),
): boolean {
  if (isPreview()) return true;
  if (data.published === false) return false;
  const date = data.page?.date;
  return !(date instanceof Date && publishInstant(date, data.dateOffset) > now.getTime());
}
