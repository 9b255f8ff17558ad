import type { Metadata } from 'next';
import { THEME_SCRIPT } from '@/components/shell/theme';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Hangar', template: '%s · Hangar' },
  description: 'A web console for LXD and Incus',
  // The logo mark inline, so no static file is needed for the tab icon.
  icons: {
    icon: `data:image/svg+xml,${encodeURIComponent(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#4f46e5"/><path d="M6 14.5 16 8l10 6.5" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/><rect x="10" y="16" width="12" height="3.6" rx="1" fill="#fff"/><rect x="10" y="20.9" width="12" height="3.6" rx="1" fill="#fff" opacity=".7"/></svg>',
    )}`,
  },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    // The theme script sets a class on <html> before React hydrates: expected, not a mismatch.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
