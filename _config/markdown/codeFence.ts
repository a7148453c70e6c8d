// Every fenced or indented block goes through renderCodeBlock, so its code is escaped whatever the language;
// the info string may name a file (```ts title="kernel.ts"```) and ask for line numbers (```ts linenos```).
import type { MarkdownIt } from "markdown-it";
import { renderCodeBlock } from "../codeBlock.ts";

export interface FenceInfo {
  language: string;
  title: string;
  lineNumbers: boolean;
}

export function parseFenceInfo(info: string): FenceInfo {
  const [, language = "", rest = ""] = /^\s*(\S*)(.*)$/s.exec(info) ?? [];
  const title = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(rest);
  return {
    language,
    title: title ? (title[1] ?? title[2] ?? title[3] ?? "") : "",
    lineNumbers: /(?:^|\s)linenos(?:\s|$)/.test(rest),
  };
}

const codeFence = (md: MarkdownIt): void => {
  md.renderer.rules.fence = (tokens, idx) => {
    const token = tokens[idx]!;
    return renderCodeBlock({
      code: token.content,
      ...parseFenceInfo(token.info),
      attributes: (token.attrs ?? []).map(([name, value]) => [name, String(value)]),
    });
  };
  md.renderer.rules.code_block = (tokens, idx) => renderCodeBlock({ code: tokens[idx]!.content });
};

export default codeFence;
