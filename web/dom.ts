/** A tiny helper for building DOM elements with attributes and children. */

type Attrs = Record<string, string | number | boolean | undefined>;

/**
 * Creates `<tag>` with attributes (`class`, `for`, `aria-*`, `data-*`, …; `false`/`undefined` are
 * skipped) and children (strings become text nodes).
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) node.append(c);
  return node;
}

/** The element with id `id`, which the page must contain. */
export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`playground: missing element #${id}`);
  return node as T;
}

/** A number formatted for a readout (the page's one format: see format.ts). */
export { formatNumber as fmt } from './format.js';

let idCounter = 0;
/** A fresh element id with a prefix. */
export function freshId(prefix: string): string {
  idCounter++;
  return `${prefix}-${idCounter}`;
}
