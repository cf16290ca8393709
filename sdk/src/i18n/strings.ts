/**
 * Every text the widget shows. `{name}` marks a value filled in at run time; `a|b` is the singular
 * and plural form, picked with `Intl.PluralRules`. Site owners override any of them with the
 * `strings` property or attribute, or add a language with `VotePoll.addStrings()`.
 */
import type { checkEn } from './strings-check.js';
import type { policyEn } from './strings-policy.js';
import type { rankedEn } from './strings-ranked.js';
import type { resultsEn } from './strings-results.js';

export const en = {
  loading: 'Loading poll…',
  vote: 'Vote',
  sending: 'Sending your vote…',
  pending: 'Your vote could not be sent yet: it is saved on this device and will be sent automatically. It is not counted yet.',
  closed: 'This poll is closed.',
  notOpen: 'This poll is not open yet.',
  opens: 'Opens {when}',
  resultsLater: 'Results will be shown when the poll closes.',
  resultsHidden: 'Results are not public.',
  retry: 'Try again',
  'error.network': 'The poll server is not answering. Please try again later.',
  'error.offline': 'You seem to be offline. Check your connection.',
  'error.poll_not_found': 'This poll does not exist.',
  'error.origin_not_allowed': 'This website may not collect votes for this poll.',
  'error.no_poll': 'No poll-id is set.',
  'error.other': 'Something went wrong.',
};

export type Strings = typeof en & typeof rankedEn & typeof resultsEn & typeof policyEn & typeof checkEn;
export type StringKey = keyof Strings;
