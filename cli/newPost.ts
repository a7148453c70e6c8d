// `npm run new -- "Post title" [--tags "a b"] [--category c]`: writes posts/YYYY-MM-DD-post-title.md
// with today's date and the front matter a post needs; never overwrites an existing post.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { slugify } from "../_config/slugs.ts";
import { isMainModule } from "./mainModule.ts";
import { parseCommandArgs } from "./commandArgs.ts";

const USAGE = 'usage: npm run new -- <title> [--tags "a b"] [--category <word>]';

export interface NewPost {
  title: string;
  tags: string[];
  category?: string;
  /** The author's local calendar day, YYYY-MM-DD. */
  day: string;
}

/** Today's date in the author's time zone: the day they would write in the file name by hand. */
export function localDay(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function postFileName({ title, day }: Pick<NewPost, "title" | "day">): string {
  const slug = slugify(title);
  if (!slug) throw new Error(`npm run new: the title "${title}" is blank: there is nothing to make a file name from.`);
  return `${day}-${slug}.md`;
}

/** Front matter in the seed post's shape; JSON strings are valid YAML, so any title is quoted safely. */
export function postSource({ title, tags, category, day }: NewPost): string {
  const lines = ["---", "layout: post", `title: ${JSON.stringify(title)}`, `date: ${day}`];
  if (category) lines.push(`categories: ${JSON.stringify(category)}`);
  if (tags.length) lines.push(`tags: [${tags.map((tag) => JSON.stringify(tag)).join(", ")}]`);
  lines.push("comments: true", "---");
  return `${lines.join("\n")}\nThe first paragraph is the excerpt on the home page and in the feeds.\n\n<!--more-->\n\nThe rest of the post.\n`;
}

export function parseNewPostArgs(argv: string[], day = localDay()): NewPost {
  const { values, positionals } = parseCommandArgs(USAGE, {
    args: argv,
    allowPositionals: true,
    options: { tags: { type: "string" }, category: { type: "string" } },
  });
  const title = positionals.join(" ").trim();
  if (!title)
    throw new Error(
      `npm run new: give the post a title, e.g. npm run new -- "Why GPUs are fast" --tags "gpu cuda" --category stories\n${USAGE}`,
    );
  const tags = (values.tags ?? "").split(/\s+/).filter(Boolean);
  const category = values.category?.trim();
  if (category && /\s/.test(category))
    throw new Error(`npm run new: --category takes one word; "${category}" would become several categories.`);
  return { title, tags, category: category || undefined, day };
}

/** Writes the post under `root`; throws (without touching anything) if the file exists. */
export function createPost(root: string, post: NewPost): string {
  const relative = path.posix.join("posts", postFileName(post));
  mkdirSync(path.join(root, "posts"), { recursive: true });
  try {
    writeFileSync(path.join(root, relative), postSource(post), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new Error(`npm run new: ${relative} already exists; edit it, or choose another title.`, { cause: error });
    }
    throw error;
  }
  return relative;
}

if (isMainModule(import.meta.url)) {
  try {
    const relative = createPost(process.cwd(), parseNewPostArgs(process.argv.slice(2)));
    console.log(`Created ${relative}. Preview it with npm start.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
