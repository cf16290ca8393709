import type { ProofOfWork } from '@votewire/wire';
import { h } from '../dom.js';

/** LIMITS.proofOfWorkDifficulty of wire/src/limits.ts (a CommonJS build the console's bundle cannot import). */
const DIFFICULTY = { min: 1_000, max: 10_000_000 };

/** The site page's proof-of-work setting: on/off and how hard, with what it costs voters. */
export function proofOfWorkField(current: ProofOfWork) {
  const enabled = h('input', { id: 'pow-enabled', name: 'proofOfWork', type: 'checkbox', 'aria-describedby': 'pow-help' });
  const difficulty = h('input', {
    id: 'pow-difficulty',
    name: 'difficulty',
    type: 'number',
    min: DIFFICULTY.min,
    max: DIFFICULTY.max,
    step: 1000,
    inputmode: 'numeric',
    'aria-describedby': 'pow-difficulty-help',
  });
  enabled.checked = current.enabled;
  difficulty.value = String(current.difficulty);
  const update = () => (difficulty.disabled = !enabled.checked);
  update();
  enabled.addEventListener('change', update);

  const el = h(
    'fieldset',
    {},
    h('legend', {}, 'Proof of work'),
    h('div', { class: 'field check' }, enabled, h('label', { for: enabled.id }, 'Make anonymous voting cost a little computing')),
    h(
      'p',
      { class: 'help', id: 'pow-help' },
      'Polls with “one vote per device” then make each new voter’s browser solve a small puzzle before it may vote. A real visitor does not notice it; a script that fakes thousands of voters has to pay for every one. Polls limited per network or per member do not need it.',
    ),
    h('div', { class: 'field' }, h('label', { for: difficulty.id }, 'Difficulty'), difficulty),
    h(
      'p',
      { class: 'help', id: 'pow-difficulty-help' },
      'How many guesses a browser may need (it needs half on average). The default, 50,000, takes well under a second on a laptop; raise it to make stuffing slower, at the cost of slow phones.',
    ),
  );

  return {
    el,
    value: (): ProofOfWork => ({ enabled: enabled.checked, difficulty: Number(difficulty.value) }),
    problem(): string | null {
      const n = Number(difficulty.value);
      return enabled.checked && !(Number.isInteger(n) && n >= DIFFICULTY.min && n <= DIFFICULTY.max)
        ? `Difficulty must be a whole number from ${DIFFICULTY.min.toLocaleString()} to ${DIFFICULTY.max.toLocaleString()}.`
        : null;
    },
    focus: () => difficulty.focus(),
  };
}
