import { formatBytes } from '@/lib/units';

/** "0.25", "1.5" cores; "3m" for thousandths. */
export function formatCores(cores: number): string {
  if (cores === 0) return '0';
  if (cores < 0.01) return `${Math.max(1, Math.round(cores * 1000))}m`;
  return cores < 10 ? cores.toFixed(2).replace(/\.?0+$/, '') : cores.toFixed(0);
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}
