/**
 * The English texts only ranked polls use. They ship in the ranked chunk, which merges them into
 * the English defaults when it loads; the other languages carry every key in their own chunk.
 */
export const rankedEn = {
  rankHint: 'Order the options by preference: drag them or use the arrows.',
  rankTop: 'Only your top {max} count.',
  moveUp: 'Move {option} up',
  moveDown: 'Move {option} down',
  moved: '{option} moved to {n} of {total}',
  yourRanking: 'Your ranking',
  rounds: 'Instant-runoff rounds',
  round: 'Round {n}',
  eliminated: 'Eliminated: {options}',
  winner: 'Winner: {options}',
  exhausted: 'Exhausted ballots: {n}',
};
