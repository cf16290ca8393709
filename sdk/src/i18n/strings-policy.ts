/**
 * The English texts only an open poll's ballot needs: its hints and buttons, the voter policy's
 * note under it, and the errors a vote or its token can meet. They ship in the policy chunk
 * (imported beside the first poll's request), which merges them into the English defaults; the
 * other languages carry every key in their own chunk.
 */
export const policyEn = {
  thanks: 'Thanks, your vote was counted.',
  yourChoice: 'Your choice',
  change: 'Change my vote',
  cancel: 'Cancel',
  seeResults: 'See results',
  backToVote: 'Back to voting',
  chooseOne: 'Choose one option.',
  chooseRange: 'Choose {min} to {max} options.',
  chooseUpTo: 'Choose up to {max} options.',
  chooseExactly: 'Choose {min} options.',
  'policy.browser': 'One vote per device.',
  'policy.ip': 'One vote per network.|Up to {n} votes per network.',
  'policy.site_user': 'One vote per member of this site.',
  signIn: 'Sign in to vote.',
  'error.ip_limit_reached': 'No more votes are accepted from your network (internet connection) in this poll.',
  'error.identity_required': 'This poll is for members of this site: sign in to vote.',
  'error.identity': 'Your sign-in could not be confirmed. Reload the page, or sign in again.',
  'error.already_voted': 'You have already voted in this poll.',
  'error.rate_limited': 'Too many attempts. Please wait a moment.',
  'error.invalid_choice': 'That choice is not valid for this poll.',
  'error.challenge_failed': 'Your browser’s anti-spam check failed. Please try again.',
};
