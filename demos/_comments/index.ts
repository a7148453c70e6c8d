// Comments (giscus) for the section `{% comments %}` writes: the thread is giscus's page in a frame, built here
// when the reader nears the section, as giscus's own web component does (github.com/giscus/giscus-component), so
// no third-party script runs in this page. On a cross-origin-isolated page (a demo that needs threads) the frame is
// credentialless, which lets COEP pages embed frames that send no COEP/CORP:
// https://developer.mozilla.org/docs/Web/Security/IFrame_credentialless (Chromium 110+; elsewhere the page says so).
import { whenNearView } from "../_shared/nearView.ts";

const GISCUS_ORIGIN = "https://giscus.app";
/** giscus keeps the reader's sign-in here after GitHub sends them back with `?giscus=<session>`. */
const SESSION_KEY = "giscus-session";
/** Start a little before the section scrolls into view, so the thread is there when the reader is. */
const NEAR_VIEW_MARGIN = "400px 0px";
/** giscus's page reports its height soon after loading; silence this long means it did not load. */
const ANSWER_TIMEOUT_MS = 20_000;

export interface CommentsSettings {
  repo: string;
  repoId: string;
  category: string;
  categoryId: string;
  mapping: string;
}

/** What giscus matches a discussion by, for each mapping (as giscus's client computes it). */
export function discussionTerm(mapping: string, page: URL, title: string, ogTitle: string): string {
  switch (mapping) {
    case "url":
      return page.href;
    case "title":
      return title;
    case "og:title":
      return ogTitle;
    default:
      return page.pathname.length < 2 ? "index" : page.pathname.slice(1).replace(/\.\w+$/, "");
  }
}

/** giscus's widget URL for this page. */
export function widgetUrl(
  settings: CommentsSettings,
  page: URL,
  extra: { session: string; lang: string; term: string; description: string },
): string {
  const params = new URLSearchParams({
    origin: page.href,
    session: extra.session,
    repo: settings.repo,
    repoId: settings.repoId,
    category: settings.category,
    categoryId: settings.categoryId,
    term: extra.term,
    strict: "0",
    reactionsEnabled: "1",
    emitMetadata: "0",
    inputPosition: "top",
    theme: "preferred_color_scheme",
    description: extra.description,
    backLink: page.href,
  });
  return `${GISCUS_ORIGIN}/${encodeURIComponent(extra.lang)}/widget?${params.toString()}`;
}

/** The page's URL without giscus's sign-in parameter, and the session (from that parameter, or stored). */
function takeSession(): { page: URL; session: string } {
  const page = new URL(location.href);
  const fromUrl = page.searchParams.get("giscus");
  page.searchParams.delete("giscus");
  if (fromUrl) {
    localStorage.setItem(SESSION_KEY, JSON.stringify(fromUrl));
    history.replaceState(history.state, "", page.href);
    return { page, session: fromUrl };
  }
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(SESSION_KEY) ?? '""');
    return { page, session: typeof stored === "string" ? stored : "" };
  } catch {
    localStorage.removeItem(SESSION_KEY);
    return { page, session: "" };
  }
}

function say(section: HTMLElement, text: string, link = false): void {
  const status = section.querySelector<HTMLElement>("[data-comments-status]");
  if (!status) return;
  status.replaceChildren(text);
  if (link && section.dataset.discussions) {
    const a = document.createElement("a");
    a.href = section.dataset.discussions;
    a.textContent = "GitHub Discussions";
    status.append(" Read them and join in on ", a, ".");
  }
  status.hidden = false;
}

function meta(selector: string): string {
  return document.querySelector<HTMLMetaElement>(selector)?.content ?? "";
}

function load(section: HTMLElement): void {
  const isolated = globalThis.crossOriginIsolated === true;
  if (isolated && !("credentialless" in HTMLIFrameElement.prototype)) {
    section.dataset.commentsState = "unavailable";
    say(
      section,
      "Comments cannot load on this page in this browser: the demo above needs cross-origin isolation, which blocks giscus's frame here.",
      true,
    );
    return;
  }
  const settings: CommentsSettings = {
    repo: section.dataset.repo ?? "",
    repoId: section.dataset.repoId ?? "",
    category: section.dataset.category ?? "",
    categoryId: section.dataset.categoryId ?? "",
    mapping: section.dataset.mapping ?? "pathname",
  };
  const { page, session } = takeSession();
  const frame = document.createElement("iframe");
  frame.className = "comments-frame";
  frame.title = "Comments";
  frame.setAttribute("allow", "clipboard-write");
  // Must be set before the frame navigates: it is what lets a COEP page embed giscus.
  if (isolated) frame.setAttribute("credentialless", "");
  frame.src = widgetUrl(settings, page, {
    session,
    lang: document.documentElement.lang || "en",
    term: discussionTerm(settings.mapping, page, document.title, meta("meta[property='og:title']")),
    description: meta("meta[property='og:description']") || meta("meta[name='description']"),
  });
  section.dataset.commentsState = "loading";
  say(section, "Loading comments…");
  const silence = setTimeout(() => {
    section.dataset.commentsState = "failed";
    say(section, "Comments did not load (giscus.app did not answer).", true);
  }, ANSWER_TIMEOUT_MS);
  addEventListener("message", (event: MessageEvent<unknown>) => {
    if (event.origin !== GISCUS_ORIGIN || event.source !== frame.contentWindow) return;
    const message = (event.data as { giscus?: { resizeHeight?: number; error?: string } } | null)?.giscus;
    if (!message) return;
    clearTimeout(silence);
    section.dataset.commentsState = "loaded";
    const status = section.querySelector<HTMLElement>("[data-comments-status]");
    if (status) status.hidden = true;
    if (typeof message.resizeHeight === "number") frame.style.height = `${message.resizeHeight}px`;
    // An expired sign-in: forget it, so the next visit starts signed out instead of failing again.
    if (message.error && /Bad credentials|Invalid state value|State has expired/.test(message.error))
      localStorage.removeItem(SESSION_KEY);
  });
  section.append(frame);
}

whenNearView(document.querySelectorAll<HTMLElement>("[data-comments]"), NEAR_VIEW_MARGIN, load);
