/**
 * Every text the widget shows. `{name}` marks a value filled in at run time; `a|b` is the singular
 * and plural form, picked with `Intl.PluralRules`. Site owners override any of them with the
 * `strings` property or attribute, or add a language with `VotePoll.addStrings()`.
 */
export const en = {
  loading: 'Loading poll…',
  vote: 'Vote',
  sending: 'Sending your vote…',
  thanks: 'Thanks, your vote was counted.',
  pending:
    'You seem to be offline or the server is busy. Your vote is saved on this device and will be sent automatically; it has not been counted yet.',
  yourChoice: 'Your choice',
  change: 'Change my vote',
  cancel: 'Cancel',
  seeResults: 'See results',
  backToVote: 'Back to voting',
  results: 'Results',
  finalResults: 'Final results',
  closed: 'This poll is closed.',
  notOpen: 'This poll is not open yet.',
  opens: 'Opens {when}',
  resultsLater: 'Results will be shown when the poll closes.',
  resultsHidden: 'Results are not public.',
  votes: '{n} vote|{n} votes',
  voters: '{n} voter|{n} voters',
  chooseOne: 'Choose one option.',
  chooseRange: 'Choose {min} to {max} options.',
  chooseUpTo: 'Choose up to {max} options.',
  chooseExactly: 'Choose {min} options.',
  rankHint: 'Put the options in order of preference: drag them, or use the arrow buttons.',
  rankTop: 'Only your top {max} count.',
  moveUp: 'Move {option} up',
  moveDown: 'Move {option} down',
  rounds: 'Instant-runoff rounds',
  round: 'Round {n}',
  eliminated: 'Eliminated: {options}',
  winner: 'Winner: {options}',
  exhausted: 'Exhausted ballots: {n}',
  updated: 'Results updated: {summary}',
  retry: 'Try again',
  'error.network': 'The poll server cannot be reached. Check your connection and try again.',
  'error.poll_not_found': 'This poll does not exist or has been removed.',
  'error.origin_not_allowed': 'This website is not allowed to collect votes for this poll.',
  'error.already_voted': 'You have already voted in this poll.',
  'error.poll_closed': 'This poll is closed.',
  'error.poll_not_open': 'This poll is not open yet.',
  'error.rate_limited': 'Too many attempts. Please wait a moment and try again.',
  'error.invalid_choice': 'That choice is not valid for this poll.',
  'error.no_poll': 'No poll is set: add a poll-id attribute.',
  'error.other': 'Something went wrong. Please try again.',
};

export type Strings = typeof en;
export type StringKey = keyof Strings;
