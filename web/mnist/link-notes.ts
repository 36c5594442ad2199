/**
 * Says, under the MNIST panel's controls, what of the address's link the panel clamped or ignored
 * (`epochs=500` becomes 50): the controls alone would show 50 with no hint that the link asked for
 * more. The same message element as the other panels' (`<p class="error" role="alert">`, hidden when
 * there is nothing to say), made here so the page's HTML needs no change.
 */
import { el } from '../dom.js';
import { readMnistHash } from './url-state.js';

/** The element's id, for tests. */
export const LINK_NOTES_ID = 'mn-link-notes';

/** The text of the message for `notes` (one sentence each), or null when there is nothing to say. */
export function linkNotesText(notes: readonly string[]): string | null {
  return notes.length === 0 ? null : `This link: ${notes.join(' ')}`;
}

/**
 * Shows the notes of the link in `hash` under the controls of `section` (#mnist), or hides the
 * message when the link is fine. Train hides it too: the address then holds the settings as run.
 */
export function showLinkNotes(section: HTMLElement, hash: string): void {
  let box = section.querySelector<HTMLElement>(`#${LINK_NOTES_ID}`);
  if (!box) {
    box = el('p', { id: LINK_NOTES_ID, class: 'error', role: 'alert', hidden: true });
    (section.querySelector(':scope > .controls') ?? section.firstElementChild)?.after(box);
  }
  const text = linkNotesText(readMnistHash(hash).notes);
  box.hidden = text === null;
  box.textContent = text ?? '';
  if (text !== null) {
    const shown = box;
    section.querySelector('#mn-train')?.addEventListener('click', () => {
      shown.hidden = true;
      shown.textContent = '';
    }, { once: true });
  }
}
