import type { AdminPoll, PollInput, VoterPolicy } from '@votewire/wire';
import { h } from '../dom.js';

/** LIMITS.maxBallotsPerIp of wire/src/limits.ts (a CommonJS build the console's bundle cannot import); the server checks again. */
const PER_IP = { min: 1, max: 10_000, default: 1 };

/** Each policy with the trade-off a site owner weighs, in plain words. */
const POLICIES: { value: VoterPolicy; label: string; help: string }[] = [
  {
    value: 'browser',
    label: 'One vote per device',
    help: 'Anyone can vote without signing in. Someone who clears their browser or switches devices can vote again; turn on proof of work in Site settings to make that slow.',
  },
  {
    value: 'ip',
    label: 'One vote per network',
    help: 'Counts ballots per internet address. Stops one person voting again and again, but people sharing a connection (an office, a school, a phone network) share the limit too.',
  },
  {
    value: 'site_user',
    label: 'One vote per signed-in member',
    help: 'Only visitors your site vouches for can vote: your server signs who they are with an identity key (Site settings). The strongest promise; visitors who are not signed in cannot vote.',
  },
];

/** The poll editor's "Who may vote" fieldset: the voter policy, and the per-address limit for `ip`. */
export function voterPolicyField(poll: AdminPoll | null) {
  const radios = POLICIES.map((p) =>
    h('input', {
      type: 'radio',
      name: 'voterPolicy',
      value: p.value,
      id: `poll-policy-${p.value}`,
      'aria-describedby': `poll-policy-${p.value}-help`,
    }),
  );
  const perIp = h('input', {
    id: 'poll-max-per-ip',
    name: 'maxBallotsPerIp',
    type: 'number',
    min: PER_IP.min,
    max: PER_IP.max,
    step: 1,
    inputmode: 'numeric',
    'aria-describedby': 'poll-max-per-ip-help',
  });
  const perIpField = h(
    'div',
    { class: 'field' },
    h('label', { for: perIp.id }, 'Ballots per network'),
    perIp,
    h('p', { class: 'help', id: 'poll-max-per-ip-help' }, 'Raise it for a room of people voting behind one connection.'),
  );
  const selected = () => (radios.find((r) => r.checked)?.value ?? 'browser') as VoterPolicy;
  const update = () => (perIpField.hidden = selected() !== 'ip');

  const initial = poll?.voterPolicy ?? 'browser';
  for (const r of radios) r.checked = r.value === initial;
  perIp.value = String(poll?.maxBallotsPerIp ?? PER_IP.default);
  update();

  const el = h(
    'fieldset',
    { class: 'type-choice' },
    h('legend', {}, 'Who may vote'),
    POLICIES.map((p, i) =>
      h(
        'div',
        { class: 'field check' },
        radios[i]!,
        h('label', { for: radios[i]!.id }, p.label),
        h('p', { class: 'help', id: `poll-policy-${p.value}-help` }, p.help),
      ),
    ),
    perIpField,
  );
  el.addEventListener('change', update);

  return {
    el,
    /** The policy fields of the poll's input. */
    apply(input: PollInput): void {
      input.voterPolicy = selected();
      if (input.voterPolicy === 'ip') input.maxBallotsPerIp = Number(perIp.value);
    },
    /** A problem with the per-network limit, if any. */
    problem(): { field: HTMLElement; message: string } | null {
      const n = Number(perIp.value);
      const { min, max } = PER_IP;
      return selected() === 'ip' && !(Number.isInteger(n) && n >= min && n <= max)
        ? { field: perIp, message: `Ballots per network must be a whole number from ${min} to ${max}.` }
        : null;
    },
  };
}
