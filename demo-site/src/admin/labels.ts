import type { AdminPoll, PollPhase, PollType, ResultsVisibility } from '@votewire/wire';
import type { WebhookEndpoint } from './api.js';
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

/** Who may vote, as the poll's page states it. */
export function voterPolicyLabel(poll: AdminPoll): string {
  if (poll.voterPolicy === 'ip')
    return poll.maxBallotsPerIp === 1 ? 'One vote per network' : `Up to ${poll.maxBallotsPerIp} votes per network`;
  return poll.voterPolicy === 'site_user' ? 'One vote per signed-in member' : 'One vote per device';
}

const PHASE_LABELS: Record<PollPhase, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  open: 'Open',
  closed: 'Closed',
};

export function phaseBadge(phase: PollPhase): HTMLElement {
  return h('span', { class: `badge badge-${phase}` }, PHASE_LABELS[phase] ?? phase);
}

const WEBHOOK_STATE_LABELS: Record<WebhookEndpoint['state'], string> = {
  active: 'Active',
  disabled: 'Disabled',
  failing: 'Failing',
};

/** An endpoint's state as a badge, with why when it is not delivering. */
export function webhookState(endpoint: WebhookEndpoint): HTMLElement {
  return h(
    'span',
    { class: 'webhook-state' },
    h('span', { class: `badge badge-webhook-${endpoint.state}` }, WEBHOOK_STATE_LABELS[endpoint.state] ?? endpoint.state),
    endpoint.stateReason ? h('span', { class: 'state-reason' }, ` ${endpoint.stateReason}`) : null,
  );
}
