// giscus comments (https://giscus.app): inserted only when the reader nears them, so a post costs no
// third-party request until then. Settings come from the placeholder's data attributes (site.comments).

const GISCUS_CLIENT = "https://giscus.app/client.js";

/** Placeholder data attribute (from `_data/site.ts` comments) → the attribute giscus documents. */
const REQUIRED_SETTINGS = {
  repo: "data-repo",
  repoId: "data-repo-id",
  category: "data-category",
  categoryId: "data-category-id",
} as const;

export function giscusAttributes(settings: DOMStringMap): Record<string, string> {
  const missing = Object.keys(REQUIRED_SETTINGS).filter((key) => !settings[key]);
  if (missing.length) throw new Error(`giscus settings missing from site.comments: ${missing.join(", ")}`);
  const attributes: Record<string, string> = {};
  for (const [key, attribute] of Object.entries(REQUIRED_SETTINGS)) attributes[attribute] = settings[key] ?? "";
  return {
    ...attributes,
    "data-mapping": settings.mapping ?? "pathname",
    "data-strict": "1",
    "data-reactions-enabled": "1",
    "data-emit-metadata": "0",
    "data-input-position": "top",
    "data-theme": "preferred_color_scheme",
    "data-lang": document.documentElement.lang || "en",
    "data-loading": "lazy",
  };
}

export function mount(el: HTMLElement): () => void {
  const script = document.createElement("script");
  script.src = GISCUS_CLIENT;
  script.async = true;
  script.crossOrigin = "anonymous";
  for (const [name, value] of Object.entries(giscusAttributes(el.dataset))) script.setAttribute(name, value);
  // giscus replaces its script with an iframe in this container.
  const container = document.createElement("div");
  container.className = "giscus";
  el.append(container, script);
  return () => {
    container.remove();
    script.remove();
  };
}
