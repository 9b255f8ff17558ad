import type { Role } from '@/lib/roles';
import { Badge, type Tone } from '../ui/badge';

const TONES: Record<Role, Tone> = { admin: 'violet', operator: 'indigo', viewer: 'grey' };

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={TONES[role]}>{role}</Badge>;
}
