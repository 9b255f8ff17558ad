import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { CopyButton } from '../ui/copy-button';

/** A secret shown the one time it exists in clear (a new token, a share link), with a copy button. */
export function SecretOnce({
  label,
  value,
  testId,
  onDismiss,
  className,
}: {
  label: string;
  value: string;
  testId?: string;
  onDismiss: () => void;
  className?: string;
}) {
  return (
    <Alert
      kind="info"
      title={`${label}: copy it now, it is not shown again`}
      className={className}
      action={
        <Button size="xs" variant="ghost" onClick={onDismiss}>
          Done
        </Button>
      }
    >
      <div className="mt-1 flex items-center gap-1 rounded bg-white/70 px-2 py-1 dark:bg-zinc-950/50">
        <code data-testid={testId} className="min-w-0 flex-1 font-mono text-xs break-all select-all">
          {value}
        </code>
        <CopyButton value={value} label={`Copy ${label}`} />
      </div>
    </Alert>
  );
}
