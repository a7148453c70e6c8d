// What a build publishes. `npm run build` leaves out `published: false` and future-dated posts;
// `npm start` (Eleventy's serve mode) shows them, and drafts, so the author can preview.

export function isPreview(): boolean {
  return process.env.ELEVENTY_RUN_MODE === "serve" || process.env.ELEVENTY_RUN_MODE === "watch";
}

export function isPublished(data: { published?: unknown; page?: { date?: Date } }, now = new Date()): boolean {
  if (isPreview()) return true;
  if (data.published === false) return false;
  const date = data.page?.date;
  return !(date instanceof Date && date.getTime() > now.getTime());
}
