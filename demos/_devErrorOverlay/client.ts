// `npm start` only: when a save breaks the build, show the error (file:line and message) over the open page
// until the next good build. Eleventy's dev server already sends build errors over its WebSocket
// ("eleventy.error"); its own client only logs them to the console.

const STORE_KEY = "dev-error-overlay";

/** The JSON Eleventy sends: an Error with its own property names, so nested `originalError`s keep their message. */
interface SentError {
  message?: string;
  originalError?: SentError;
  cause?: SentError;
}

/** Each error's message, outermost first, without repeats (Eleventy wraps the useful one). */
export function errorMessages(error: SentError): string[] {
  const messages: string[] = [];
  for (
    let current: SentError | undefined = error;
    current && messages.length < 10;
    current = current.originalError ?? current.cause
  ) {
    const message = current.message?.trim();
    if (message && !messages.some((seen) => seen.includes(message))) messages.push(message);
  }
  return messages;
}

function show(text: string): void {
  let overlay = document.querySelector<HTMLElement>("[data-dev-error-overlay]");
  if (!overlay) {
    overlay = document.createElement("section");
    overlay.dataset.devErrorOverlay = "";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-label", "Build error");
    Object.assign(overlay.style, {
      position: "fixed",
      inset: "0 0 auto 0",
      zIndex: "2147483647",
      maxHeight: "70vh",
      overflow: "auto",
      margin: "0",
      padding: "1rem 1.25rem",
      background: "#2b0b0e",
      color: "#ffe3e0",
      borderBottom: "4px solid #ff6b5e",
      font: "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      boxShadow: "0 4px 24px rgb(0 0 0 / 0.4)",
    });
    const heading = document.createElement("strong");
    heading.textContent = "Build failed: the page shows the last good build until you fix this.";
    const message = document.createElement("pre");
    Object.assign(message.style, {
      margin: "0.5rem 0 0",
      whiteSpace: "pre-wrap",
      background: "none",
      border: "0",
      color: "inherit",
      padding: "0",
    });
    overlay.append(heading, message);
    document.body.append(overlay);
  }
  overlay.querySelector("pre")!.textContent = text;
}

function hide(): void {
  sessionStorage.removeItem(STORE_KEY);
  document.querySelector("[data-dev-error-overlay]")?.remove();
}

const socket = new WebSocket(location.origin.replace(/^http/, "ws"));
socket.addEventListener("message", (event: MessageEvent<string>) => {
  const data = JSON.parse(event.data) as { type?: string; error?: string };
  if (data.type === "eleventy.error" && data.error) {
    const text = errorMessages(JSON.parse(data.error) as SentError).join("\n  caused by: ");
    // Kept for this tab, so a reload while the build is still broken shows it again.
    sessionStorage.setItem(STORE_KEY, text);
    show(text);
  } else if (data.type === "eleventy.reload") {
    hide();
  }
});
const pending = sessionStorage.getItem(STORE_KEY);
if (pending) show(pending);
