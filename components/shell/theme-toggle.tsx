'use client';
import { useSyncExternalStore } from 'react';
import { Button } from '../ui/button';
import { MoonIcon, SettingsIcon, SunIcon } from '../ui/icons';
import { applyTheme, readTheme, THEME_EVENT, THEMES, type Theme } from './theme';

const subscribe = (changed: () => void) => {
  window.addEventListener(THEME_EVENT, changed);
  return () => {
    window.removeEventListener(THEME_EVENT, changed);
  };
};

/** The chosen theme, following changes made elsewhere in the page or in another tab. */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, readTheme, () => 'system');
}

const LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const ICONS = { system: SettingsIcon, light: SunIcon, dark: MoonIcon };

/** One button that steps through system → light → dark. */
export function ThemeToggle() {
  const theme = useTheme();
  const next = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
  const Icon = ICONS[theme];
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-label={`Theme: ${LABELS[theme]}`}
      title={`Theme: ${LABELS[theme]} (click for ${LABELS[next].toLowerCase()})`}
      icon={<Icon size={14} />}
      onClick={() => applyTheme(next)}
    />
  );
}
