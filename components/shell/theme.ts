/** The console's theme: the system's, or one the person chose, remembered in this browser. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_KEY = 'hangar.theme';

/**
 * Run inline in <head> before the first paint, so a chosen theme never flashes the other one.
 * Kept tiny and dependency-free: it is a string.
 */
export const THEME_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_KEY)});if(t==='light'||t==='dark')document.documentElement.classList.add(t)}catch(e){}`;

export function readTheme(): Theme {
  try {
    const stored = localStorage.getItem(THEME_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  root.classList.remove('light', 'dark');
  if (theme !== 'system') root.classList.add(theme);
  try {
    if (theme === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, theme);
  } catch {
    /* storage disabled: the choice lasts for this page */
  }
  window.dispatchEvent(new Event(THEME_EVENT));
}

/** Fired on window when the theme changes, so every toggle shows the same choice. */
export const THEME_EVENT = 'hangar-theme';
