// Jekyll's list filters where liquidjs's differ: `where` (matches inside arrays, compares as strings), `group_by`
// and `group_by_exp` (groups carry `size`), `sort` (a property, nils first or last).
// lib/jekyll/filters.rb and filters/grouping_filters.rb (v4.3.1).
import type { UserConfig } from "@11ty/eleventy";
import { Drop, filters as liquidFilters } from "liquidjs";

/** A value's property as Liquid reads it (drops answer through their getters or liquidMethodMissing); `a.b` reads nested. */
export function readProperty(item: unknown, property: string): unknown {
  let value: unknown = item;
  for (const key of property.split(".")) {
    if (value === null || value === undefined || typeof value !== "object") return undefined;
    if (Array.isArray(value)) value = /^-?\d+$/.test(key) ? value.at(Number(key)) : undefined;
    else if (value instanceof Drop) {
      const own = (value as unknown as Record<string, unknown>)[key];
      value = own === undefined ? value.liquidMethodMissing(key, undefined as never) : own;
    } else
      value = Object.hasOwn(value, key)
        ? (value as Record<string, unknown>)[key]
        : value instanceof Map
          ? value.get(key)
          : undefined;
  }
  return value;
}

/** Jekyll's parse_sort_input: "12" is 12 and "1.5" is 1.5, for comparing. */
function parsedProperty(item: unknown, property: string): unknown {
  const value = readProperty(item, property);
  const text = value === undefined || value === null ? "" : String(value);
  if (/^\s*-?\d+\s*$/.test(text)) return Number.parseInt(text, 10);
  if (/^\s*-?(?:\d+\.?\d*|\.\d+)\s*$/.test(text)) return Number.parseFloat(text);
  return value;
}

/** Ruby's to_s for what a where compares. */
function rubyString(value: unknown): string {
  if (value === undefined || value === null) return "";
  return String(value);
}

function asList(input: unknown): unknown[] | undefined {
  if (Array.isArray(input)) return input as unknown[];
  if (input instanceof Drop || input === null || typeof input !== "object") return undefined;
  return Object.values(input) as unknown[];
}

export function where(input: unknown, property: unknown, target: unknown): unknown {
  const list = asList(input);
  if (!list || property === undefined || property === null || property === "" || Array.isArray(target)) return input;
  return list.filter((item) => {
    const value = parsedProperty(item, String(property));
    if (target === undefined || target === null) return value === undefined || value === null;
    const wanted = rubyString(target);
    if (typeof value === "string") return value === wanted;
    const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    return values.some((one) => rubyString(one) === wanted);
  });
}

export interface Group {
  name: string;
  items: unknown[];
  size: number;
}

function grouped(pairs: Array<[string, unknown]>): Group[] {
  const groups = new Map<string, unknown[]>();
  for (const [name, item] of pairs) {
    const list = groups.get(name);
    if (list) list.push(item);
    else groups.set(name, [item]);
  }
  return [...groups].map(([name, items]) => ({ name, items, size: items.length }));
}

export function groupBy(input: unknown, property: unknown): unknown {
  const list = asList(input);
  if (!list) return input;
  return grouped(list.map((item) => [rubyString(parsedProperty(item, String(property))), item]));
}

/** Ruby's <=> for sort: numbers and strings among themselves, else their text. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  const [x, y] = [rubyString(a), rubyString(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sort(input: unknown, property?: unknown, nils: unknown = "first"): unknown {
  if (input === undefined || input === null) throw new Error("Cannot sort a null object.");
  const list = asList(input);
  if (!list) return input;
  if (property === undefined || property === null) return [...list].sort(compare);
  if (nils !== "first" && nils !== "last")
    throw new Error(`Invalid nils order: '${String(nils)}' is not a valid nils order. It must be 'first' or 'last'.`);
  const order = nils === "first" ? -1 : 1;
  return list
    .map((item) => ({ key: parsedProperty(item, String(property)), item }))
    .sort((a, b) => {
      const [aNil, bNil] = [a.key === undefined || a.key === null, b.key === undefined || b.key === null];
      if (!aNil && bNil) return -order;
      if (aNil && !bNil) return order;
      return compare(a.key, b.key);
    })
    .map(({ item }) => item);
}

export default function arrayFilters(eleventyConfig: UserConfig): void {
  const liquidWhere = liquidFilters.where as (this: unknown, ...args: unknown[]) => unknown;
  const liquidGroupByExp = liquidFilters.group_by_exp as (
    this: unknown,
    ...args: unknown[]
  ) => Generator<unknown, unknown, unknown>;
  // `where: "key"` with no value is liquidjs's own (truthy values); Jekyll's always takes one.
  eleventyConfig.addLiquidFilter("where", function (this: unknown, input: unknown, ...args: unknown[]) {
    return args.length < 2 ? liquidWhere.call(this, input, ...args) : where(input, args[0], args[1]);
  });
  eleventyConfig.addLiquidFilter("group_by", groupBy);
  // liquidjs evaluates the expression per item; Jekyll names each group by the expression's text, with a size.
  eleventyConfig.addLiquidFilter(
    "group_by_exp",
    function* (this: unknown, input: unknown, variable: unknown, expression: unknown) {
      const groups = yield* liquidGroupByExp.call(this, input, variable, expression);
      if (!Array.isArray(groups)) return groups;
      return grouped(
        groups.flatMap(({ name, items }: { name: unknown; items: unknown[] }) =>
          items.map((item): [string, unknown] => [rubyString(name), item]),
        ),
      );
    },
  );
  eleventyConfig.addLiquidFilter("sort", sort);
}
