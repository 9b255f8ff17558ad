/** Clipboard access that also works where the async Clipboard API is missing (plain http pages). */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      /* denied: fall back to the selection-based copy below */
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('The browser did not allow copying; select the text and press Ctrl+Shift+C.');
}

/** The clipboard's text; throws with advice when the browser does not let pages read it. */
export async function readText(): Promise<string> {
  if (!navigator.clipboard?.readText) {
    throw new Error('This page may not read the clipboard (it needs https or localhost): press Ctrl+Shift+V instead.');
  }
  try {
    return await navigator.clipboard.readText();
  } catch {
    throw new Error('The browser did not allow reading the clipboard: press Ctrl+Shift+V instead.');
  }
}
