/**
 * The English texts only results use. They ship in the results chunk, which merges them into the
 * English defaults when it loads; the other languages carry every key in their own chunk.
 */
export const resultsEn = {
  results: 'Results',
  finalResults: 'Final results',
  votes: '{n} vote|{n} votes',
  voters: '{n} voter|{n} voters',
  multiNote: 'Voters could choose several options, so the shares add up to more than 100%.',
  updated: 'Results updated: {summary}',
};
