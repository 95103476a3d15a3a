import type { BadgeTone } from '@/ui';
import type { ImportStatus } from './api';

export function statusTone(status: ImportStatus): BadgeTone {
  switch (status) {
    case 'completed': return 'success';
    case 'validated': return 'accent';
    case 'queued':
    case 'running': return 'warning';
    case 'failed': return 'danger';
    default: return 'neutral';
  }
}
