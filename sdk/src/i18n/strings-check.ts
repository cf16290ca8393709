/**
 * The English texts of the voter's check of the ballot log. They ship with the check's button (in
 * the results chunk), which merges them into the English defaults; the other languages carry every
 * key in their own chunk.
 */
export const checkEn = {
  checkVote: 'Check my vote is counted',
  checking: 'Checking this poll’s signed log…',
  'check.ok': 'Verified: your ballot ({choice}) is entry {entry} of {size} in this poll’s log, signed by key {key}.',
  'check.grew': 'The log only grew since this device last checked it, at {n} entries.',
  'check.hidden': 'The check opens when the results are published.',
  'check.signature': 'Check failed: the server’s log is not signed by its published key.',
  'check.inclusion': 'Check failed: the server’s proof does not match its signed log.',
  'check.consistency': 'Check failed: the server’s log does not extend the one this device checked before.',
  'check.choice': 'Check failed: the log records your ballot with another choice ({choice}).',
  'check.missing': 'Check failed: your ballot is not in this poll’s signed log.',
  'check.unavailable': 'The check could not be completed: the server is not answering. Please try again later.',
};
