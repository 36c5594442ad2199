/** Rewriting a JSON file in place: how tests damage config files and checkpoints on purpose. */
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A parsed JSON object as a test edits it: any nesting, unchecked, because the point is to write
 * what the code under test must refuse.
 */
export type EditableJson = Record<string, any>;

/** Reads the JSON file at `path`, lets `edit` change it, and writes it back. */
export function editJson(path: string, edit: (json: EditableJson) => void): void {
  const json = JSON.parse(readFileSync(path, 'utf8')) as EditableJson;
  edit(json);
  writeFileSync(path, JSON.stringify(json));
}
