'use client';
import type { UploadProgress } from '@/lib/api/images';
import { formatBytes } from '@/lib/units';

/** Bytes sent while uploading, then what the daemon reports while it processes the file. */
export function UploadProgressBar({ progress }: { progress: UploadProgress | null }) {
  if (!progress) return null;
  const uploading = progress.stage === 'uploading';
  const percent = uploading && progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 100;
  const label = uploading
    ? `Uploading ${formatBytes(progress.loaded)}${progress.total ? ` of ${formatBytes(progress.total)}` : ''} (${percent}%)`
    : `Uploaded; the daemon is processing it${progress.daemonProgress ? ` — ${progress.daemonProgress}` : '…'}`;
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-label="Upload progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={label}
        className="h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className={uploading ? 'h-full bg-indigo-500 transition-[width]' : 'h-full animate-pulse bg-emerald-500'} style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="upload-progress">
        {label}
      </p>
    </div>
  );
}
