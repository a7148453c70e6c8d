// A corpus of Jekyll-style posts shaped like the seed post, for benchmarks and tests: same front matter fields,
// the image-caption block, headings, a list, a code fence and about 300 words. Deterministic per index.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { seededRandom } from "../demos/_shared/seededRandom.ts";

const CATEGORIES = ["stories", "hardware", "tutorials", "notes"];
const TAGS = [
  "GPU",
  "Deep Learning",
  "Neural Network",
  "CUDA",
  "TPU",
  "Memory",
  "Bandwidth",
  "Latency",
  "Colab",
  "Keras",
  "TensorFlow",
  "PyTorch",
  "Matrix",
  "BLAS",
  "WebGL",
  "WebGPU",
  "Benchmarks",
  "Compilers",
  "SIMD",
  "Caches",
];
const WORDS = (
  "we know that the computationally intensive part of a neural network is made up of multiple matrix multiplications " +
  "so how can we make it faster by doing all the operations at the same time instead of one after the other this is " +
  "in a nutshell why we use graphics processing units instead of a central processing unit for training the cpu is " +
  "good at fetching small amounts of memory quickly while the gpu is good at fetching large amounts of memory"
).split(" ");

function sentence(random: () => number, words: number): string {
  const picked = Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)] ?? "gpu");
  const text = picked.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(random: () => number, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(random, 8 + Math.floor(random() * 8))).join(" ");
}

/** The post's date: one a day from 2012-01-01, so file names and URLs are unique and never in the future. */
export function corpusDate(index: number): string {
  return new Date(Date.UTC(2012, 0, 1 + index)).toISOString().slice(0, 10);
}

export function corpusFileName(index: number): string {
  return `${corpusDate(index)}-gpu-note-${index + 1}.md`;
}

/**
 * The tag names a corpus draws from: the 20 above, or `count` of them (the 20, then "Topic 21", "Topic 22", …),
 * since a blog's cost grows with its number of distinct tags, not only with its posts.
 */
export function corpusTags(count = TAGS.length): string[] {
  return Array.from({ length: count }, (_, index) => TAGS[index] ?? `Topic ${index + 1}`);
}

/** One seed-like post: front matter as Jekyll wrote it, ~300 words of Markdown with raw HTML blocks. */
export function corpusPost(index: number, tagNames: readonly string[] = TAGS): string {
  const random = seededRandom(index + 1);
  const category = CATEGORIES[index % CATEGORIES.length] ?? "stories";
  const tagCount = 2 + Math.floor(random() * 3);
  const tags = [
    ...new Set(Array.from({ length: tagCount }, () => tagNames[Math.floor(random() * tagNames.length)] ?? "GPU")),
  ];
  return `---
layout: post
title:  'GPU note ${index + 1}: ${sentence(random, 5).slice(0, -1)}'
date:   '${corpusDate(index)}'
categories: ${category}
tags: [${tags.map((tag) => `'${tag}'`).join(", ")}]
comments: true
---
${paragraph(random, 4)}

Recently while working on a chatbot I have faced the <strong>problem of memory</strong> and GPU!

<div class="image">
    <a href="/public/img/Killed .png">
        <img alt="Out of Memory" src="/public/img/Killed .png" />
    </a>
   <div class="image-caption">
        "Out Of Memory when training ${index + 1}"
    </div>
</div>

${paragraph(random, 3)}

## Why GPU?

${paragraph(random, 4)}

- ${sentence(random, 6)}
- ${sentence(random, 7)}
- ${sentence(random, 5)}

### A small kernel

\`\`\`python
import numpy as np
a = np.random.rand(${64 + (index % 4) * 64}, 256)
b = np.random.rand(256, 128)
print((a @ b).shape)
\`\`\`

${paragraph(random, 4)} CPUs are <strong>latency optimized</strong> while GPUs are <strong>bandwidth optimized</strong>.
`;
}

/** Writes posts 0..count-1 into `postsDir`, tagged from `tagCount` distinct tags; returns their file names. */
export function writeCorpus(postsDir: string, count: number, tagCount?: number): string[] {
  mkdirSync(postsDir, { recursive: true });
  const tagNames = corpusTags(tagCount);
  const names: string[] = [];
  for (let index = 0; index < count; index++) {
    const name = corpusFileName(index);
    writeFileSync(path.join(postsDir, name), corpusPost(index, tagNames));
    names.push(name);
  }
  return names;
}
