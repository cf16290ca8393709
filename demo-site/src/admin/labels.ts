import type { PollPhase, PollType, ResultsVisibility } from '@votewire/wire';
import { h } from './dom.js';

export const TYPE_LABELS: Record<PollType, string> = {
  single: 'Single choice',
  multiple: 'Multiple choice',
  ranked: 'Ranked choice',
};

export const VISIBILITY_LABELS: Record<ResultsVisibility, string> = {
  always: 'Always visible',
  after_vote: 'After the voter votes',
  after_close: 'After the poll closes',
  hidden: 'Hidden (admins only)',
};

const PHASE_LABELS: Record<PollPhase, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  open: 'Open',
  closed: 'Closed',
};

export function phaseBadge(phase: PollPhase): HTMLElement {
  return h('span', { class: `badge badge-${phase}` }, PHASE_LABELS[phase] ?? phase);
}
