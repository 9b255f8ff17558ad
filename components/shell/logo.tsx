/** Hangar's mark: a hangar roof over stacked containers. */
export function Logo({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" className="fill-indigo-600 dark:fill-indigo-500" />
      <path d="M6 14.5 16 8l10 6.5" fill="none" stroke="white" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
      <rect x="10" y="16" width="12" height="3.6" rx="1" fill="white" opacity="0.95" />
      <rect x="10" y="20.9" width="12" height="3.6" rx="1" fill="white" opacity="0.7" />
    </svg>
  );
}
