// Pure functions asked again and again for the same input during a build (a post's excerpt by every list that shows
// it, a date by every page that prints it) remember their last results. Bounded, so a long `npm start` session does
// not keep every old version of a post.

/** `compute`, remembering up to `limit` results by input; a throw is not remembered. */
export function remembered<K, T>(compute: (input: K) => T, limit = 20_000): (input: K) => T {
  const results = new Map<K, T>();
  return (input) => {
    let result = results.get(input);
    if (result === undefined) {
      result = compute(input);
      if (results.size >= limit) results.clear();
      results.set(input, result);
    }
    return result;
  };
}
