import type { BadgeTone } from '@/ui';
import type { Deal } from './api';

/** The colour of a deal's status wherever it is shown. */
export function statusTone(status: Deal['status']): BadgeTone {
  return status === 'won' ? 'success' : status === 'lost' ? 'danger' : 'accent';
}
