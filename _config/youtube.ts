// `{% youtube "id" %}` or `{% youtube "id", "Title" %}`: a video that costs the reader nothing until they ask.
// The page gets an <iframe srcdoc> holding only a poster and a play link (no script: pages without demos ship no
// JavaScript); pressing play navigates that frame to youtube-nocookie's player, and only then does YouTube load.
// Without frames, the caption links to the video on YouTube. The facade's one <style> is allowed by its hash.
import type { ShortcodeThis, UserConfig } from "@11ty/eleventy";
import { createHash } from "node:crypto";
import { escapeHtml } from "./htmlText.ts";

export const YOUTUBE_FRAME_ORIGIN = "https://www.youtube-nocookie.com";
export const YOUTUBE_POSTER_ORIGIN = "https://i.ytimg.com";

/** YouTube video ids: 11 characters of base64url. */
const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

const FACADE_STYLE = [
  "html,body{margin:0;height:100%;overflow:hidden;background:#000;font:600 1rem/1.35 system-ui,sans-serif}",
  "a{position:relative;display:block;height:100%;color:#fff;text-decoration:none}",
  "img{display:block;width:100%;height:100%;object-fit:cover}",
  ".play{position:absolute;left:50%;top:50%;width:68px;height:48px;margin:-24px 0 0 -34px;border-radius:14px;background:#c4302b;box-shadow:0 2px 8px #0008}",
  ".play::after{content:'';position:absolute;left:26px;top:14px;border-style:solid;border-width:10px 0 10px 18px;border-color:transparent transparent transparent #fff}",
  ".title{position:absolute;left:0;right:0;top:0;padding:.75rem 1rem 1.5rem;background:linear-gradient(#000c,#0000);text-shadow:0 1px 2px #000}",
  "a:hover .play,a:focus-visible .play{background:#f00}",
  "a:focus-visible{outline:4px solid #fff;outline-offset:-4px}",
].join("");

/** The CSP hash source for FACADE_STYLE: https://www.w3.org/TR/CSP3/#grammardef-hash-source */
export const YOUTUBE_STYLE_HASH = `sha256-${createHash("sha256").update(FACADE_STYLE).digest("base64")}`;

/** The embed's HTML; throws with the page's file if the id is not a YouTube id. */
export function youtubeEmbed(id: string, title = "YouTube video", inputPath = ""): string {
  if (!VIDEO_ID.test(id)) {
    throw new Error(
      `${inputPath.replace(/^\.\//, "")}: {% youtube "${id}" %}: not a YouTube video id (11 letters, digits, - or _, as in youtube.com/watch?v=<id>)`,
    );
  }
  const player = `${YOUTUBE_FRAME_ORIGIN}/embed/${id}?autoplay=1`;
  const label = escapeHtml(title);
  const facade =
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>${label}</title><style>${FACADE_STYLE}</style>` +
    `<a href="${player}" aria-label="Play: ${label}"><img src="${YOUTUBE_POSTER_ORIGIN}/vi/${id}/hqdefault.jpg" alt="" width="480" height="360">` +
    `<span class="title">${label}</span><span class="play"></span></a>`;
  return (
    `<figure class="video" data-youtube="${id}">` +
    `<iframe class="video-frame" title="Video: ${label}" src="${player}" srcdoc="${escapeHtml(facade)}" loading="lazy" ` +
    `allow="autoplay; encrypted-media; picture-in-picture; fullscreen" allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe>` +
    `<figcaption><a href="https://www.youtube.com/watch?v=${id}">${label}</a> on YouTube</figcaption></figure>`
  );
}

/** Whether rendered HTML embeds a video (its page's policy then allows the poster, the player and the facade style). */
export function embedsYoutube(html: string): boolean {
  return html.includes('data-youtube="');
}

export default function youtube(eleventyConfig: UserConfig): void {
  eleventyConfig.addShortcode("youtube", function (this: ShortcodeThis, id: unknown, title?: unknown): string {
    return youtubeEmbed(String(id ?? ""), title === undefined ? undefined : String(title), this.page?.inputPath);
  });
}
