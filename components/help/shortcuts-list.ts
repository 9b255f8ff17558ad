/** The console's keyboard shortcuts, for the ? dialog and the help page. */
export const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ['Ctrl K', '⌘ K', '/'], what: 'Open the command palette: go to an instance, daemon, page or action' },
  { keys: ['?'], what: 'Show these shortcuts' },
  { keys: ['Esc'], what: 'Close a dialog, the palette or the menu' },
  { keys: ['↑', '↓', 'Enter'], what: 'In the palette: choose, and go' },
  { keys: ['Ctrl Shift C', 'Ctrl Shift V'], what: 'In a terminal: copy the selection, paste' },
  { keys: ['Ctrl Shift F'], what: 'In a terminal: search the scrollback' },
];
