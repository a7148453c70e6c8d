// The only script a demo page loads up front: mounts each placeholder's demo when it nears the viewport
// or the reader presses Run, importing the demo's code only then. Keep it tiny: it is in the byte budget.
import { whenNearView } from "../_shared/nearView.ts";

/** Start loading a little before the placeholder scrolls into view, so the demo is ready when seen. */
const NEAR_VIEW_MARGIN = "300px 0px";

type Cleanup = () => void;
const cleanups: Cleanup[] = [];

function showFailure(el: HTMLElement, error: unknown): void {
  el.dataset.demoState = "failed";
  const message = document.createElement("p");
  message.className = "demo-error";
  message.setAttribute("role", "alert");
  message.textContent = `This demo could not start: ${error instanceof Error ? error.message : String(error)}. Reloading the page may help.`;
  el.append(message);
}

function labelOf(el: HTMLElement): HTMLElement | null {
  const id = el.getAttribute("aria-labelledby");
  return id ? document.getElementById(id) : null;
}

async function mountDemo(el: HTMLElement): Promise<void> {
  if (el.dataset.demoState) return;
  el.dataset.demoState = "loading";
  el.setAttribute("aria-busy", "true");
  try {
    // The module name is relative to this loader: both live in the same hashed-assets folder.
    const demo = (await import(new URL(el.dataset.demoModule ?? "", import.meta.url).href)) as DemoModule;
    if (typeof demo.mount !== "function") throw new Error(`${el.dataset.demo} does not export mount(el)`);
    // The region is labelled by its title (aria-labelledby): keep it above the demo unless the demo brings its own.
    const title = labelOf(el);
    el.replaceChildren(...(title ? [title] : []));
    cleanups.push(await demo.mount(el));
    if (title && !title.isConnected && !document.getElementById(title.id)) el.prepend(title);
    el.dataset.demoState = "mounted";
  } catch (error) {
    showFailure(el, error);
  } finally {
    el.removeAttribute("aria-busy");
  }
}

const placeholders = [...document.querySelectorAll<HTMLElement>("[data-demo-module]")];
const stopWatching = whenNearView(placeholders, NEAR_VIEW_MARGIN, (el) => void mountDemo(el));
for (const el of placeholders) {
  const run = el.querySelector<HTMLButtonElement>("[data-demo-run]");
  if (run) {
    run.hidden = false;
    run.addEventListener("click", () => {
      stopWatching(el);
      void mountDemo(el);
    });
  }
}
// A page kept in the back/forward cache keeps its demos; one really unloaded lets them clean up.
addEventListener("pagehide", (event) => {
  if (!event.persisted) for (const cleanup of cleanups.splice(0)) cleanup();
});
