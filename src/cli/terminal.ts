/**
 * The terminal state the CLI changes and must give back: a progress bar hides the cursor and turns
 * line wrap off while it draws. Whatever ends the command — success, an error, Ctrl-C — calls
 * {@link releaseTerminal} so that the user's shell gets its cursor and wrapping back, and an error
 * message starts on a clean line instead of over the bar.
 */

/** Something drawn on the terminal that can erase itself (the progress bar). */
export interface TerminalWidget {
  /** Erases what it drew and restores what it changed; must be safe to call twice. */
  clear(): void;
}

const active = new Set<TerminalWidget>();

/** Registers a widget that {@link releaseTerminal} will clear; returns the function that unregisters it. */
export function trackWidget(widget: TerminalWidget): () => void {
  active.add(widget);
  return () => active.delete(widget);
}

// DECTCEM (show cursor) and DECAWM (auto-wrap on): what cli-progress turns off while drawing.
const SHOW_CURSOR = '\x1b[?25h';
const WRAP_ON = '\x1b[?7h';

/**
 * Clears every progress bar and, on a terminal, shows the cursor and turns line wrap back on.
 * Synchronous (it may run in a signal handler right before exit).
 */
export function releaseTerminal(stream: NodeJS.WriteStream = process.stderr): void {
  for (const widget of [...active]) {
    try {
      widget.clear();
    } catch {
      // A broken stream cannot be cleaned up: nothing more to do.
    }
    active.delete(widget);
  }
  if (stream.isTTY) {
    try {
      stream.write(SHOW_CURSOR + WRAP_ON);
    } catch {
      // As above.
    }
  }
}
