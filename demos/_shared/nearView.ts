// Runs `start` once for each element when it comes near the viewport: how the demo loader and the comments client
// defer their work. Browser-only; each island bundles its own copy (a few lines), so neither loads the other.

/** Returns a function that stops watching one element (e.g. when the reader started it by hand). */
export function whenNearView(
  elements: Iterable<Element>,
  rootMargin: string,
  start: (el: HTMLElement) => void,
): (el: Element) => void {
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        start(entry.target as HTMLElement);
      }
    },
    { rootMargin },
  );
  for (const el of elements) observer.observe(el);
  return (el) => observer.unobserve(el);
}
