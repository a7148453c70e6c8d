// Site search for /search/: a form whose query (?q=) is searched in Pagefind's index, which `npm run build`
// writes to /pagefind/ (cli/build/search.ts). Only this page loads it; every other page stays script-free.
import "./style.css";
import { excerptNodes, loadPagefind, type Pagefind } from "./pagefind.ts";

const MAX_RESULTS = 20;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}

export function mount(el: HTMLElement): () => void {
  // This module is served from <site>/assets/demos/: the site root, path prefix included, is what comes before.
  const siteRoot = new URL(import.meta.url.replace(/assets\/demos\/[^/]*$/, ""));
  const form = element("form", { className: "search-form", role: "search", method: "get" });
  const label = element("label", { htmlFor: "search-query", textContent: "Search posts" });
  const input = element("input", {
    type: "search",
    id: "search-query",
    name: "q",
    autocomplete: "off",
    spellcheck: false,
  });
  const button = element("button", { type: "submit", className: "button", textContent: "Search" });
  const status = element("p", { className: "search-status" });
  status.setAttribute("role", "status");
  const list = element("ol", { className: "search-results" });
  const row = element("div", { className: "search-row" });
  row.append(input, button);
  form.append(label, row, status, list);
  el.append(form);

  let pagefind: Promise<Pagefind> | undefined;
  let stopped = false;

  async function search(term: string): Promise<void> {
    const query = term.trim();
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    try {
      pagefind ??= loadPagefind(siteRoot);
      const found = await (await pagefind).debouncedSearch(query, {}, 150);
      if (!found || stopped) return;
      const shown = await Promise.all(found.results.slice(0, MAX_RESULTS).map((result) => result.data()));
      if (stopped || input.value.trim() !== query) return;
      list.replaceChildren(
        ...shown.map((data) => {
          const item = element("li");
          const link = element("a", { href: data.url, textContent: data.meta.title ?? data.url });
          const excerpt = element("p", { className: "search-excerpt" });
          excerpt.append(...excerptNodes(data.excerpt));
          const heading = element("h2");
          heading.append(link);
          item.append(heading, excerpt);
          return item;
        }),
      );
      const count = found.results.length;
      status.textContent =
        count === 0
          ? `No posts match “${query}”.`
          : count === 1
            ? `1 post matches “${query}”.`
            : `${count} posts match “${query}”.`;
    } catch {
      pagefind = undefined;
      status.textContent = "Search is not available: its index is written by `npm run build` (not by `npm start`).";
    }
  }

  const onInput = (): void => void search(input.value);
  const onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    void search(input.value);
  };
  input.addEventListener("input", onInput);
  form.addEventListener("submit", onSubmit);
  input.value = new URL(location.href).searchParams.get("q") ?? "";
  if (input.value) void search(input.value);
  input.focus();

  return () => {
    stopped = true;
    input.removeEventListener("input", onInput);
    form.removeEventListener("submit", onSubmit);
    form.remove();
  };
}
