import type { AdminPoll, PollPhase, PollType, ResultsVisibility } from '@votewire/wire';
import type { Webhook } from '@votewire/wire';
import { formatDate, h } from './dom.js';

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

const WEBHOOK_STATUS_LABELS: Record<Webhook['status'], string> = {
  active: 'Active',
  failing: 'Failing',
  disabled: 'Disabled',
};

/** Why an endpoint is not delivering, in the site owner's words. */
function webhookStatusReason(endpoint: Webhook): string | null {
  if (endpoint.status === 'failing')
    return `Since ${formatDate(endpoint.failingSince)} a delivery has used up all its attempts (over about a day). The next delivery that succeeds clears this.`;
  if (endpoint.status !== 'disabled') return null;
  return endpoint.disabledReason === 'gone'
    ? 'Your server answered 410 Gone, so nothing is sent until you enable it again.'
    : 'Disabled here: nothing is sent until you enable it again.';
}

/** An endpoint's status as a badge, with why when it is not delivering. */
export function webhookStatus(endpoint: Webhook): HTMLElement {
  const reason = webhookStatusReason(endpoint);
  return h(
    'span',
    { class: 'webhook-status' },
    h('span', { class: `badge badge-webhook-${endpoint.status}` }, WEBHOOK_STATUS_LABELS[endpoint.status] ?? endpoint.status),
    reason ? h('span', { class: 'status-reason' }, ` ${reason}`) : null,
  );
}
