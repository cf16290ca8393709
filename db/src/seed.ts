import type { Knex } from 'knex';
import { createBallotLog } from './ballot-log';
import { createTallySlots } from './tally-slots';

/** Fixed ids, so the demo pages can embed the demo polls. */
export const DEMO_POLL_IDS = ['demo-single', 'demo-multiple', 'demo-ranked', 'demo-live'] as const;

export const DEMO_SITE_ORIGINS = ['http://localhost:8080', 'http://127.0.0.1:8080'];

interface DemoPoll {
  id: (typeof DEMO_POLL_IDS)[number];
  question: string;
  description: string;
  type: 'single' | 'multiple' | 'ranked';
  minChoices: number;
  maxChoices: number;
  resultsVisibility: 'always' | 'after_vote';
  allowVoteChange: boolean;
  options: string[];
}

const demoPolls: DemoPoll[] = [
  {
    id: 'demo-single',
    question: 'Should the riverside tram line run all night on weekends?',
    description: 'The council votes on the night-service trial next month.',
    type: 'single',
    minChoices: 1,
    maxChoices: 1,
    resultsVisibility: 'after_vote',
    allowVoteChange: true,
    options: ['Yes, every weekend', 'Only in summer', 'No, keep the current timetable'],
  },
  {
    id: 'demo-multiple',
    question: 'Which improvements would make you take the tram more often?',
    description: 'Pick up to three.',
    type: 'multiple',
    minChoices: 1,
    maxChoices: 3,
    resultsVisibility: 'always',
    allowVoteChange: false,
    options: [
      'Trams every 5 minutes at peak',
      'Safe bike parking at stops',
      'Step-free access everywhere',
      'Contactless fares',
      'Real-time arrival screens',
    ],
  },
  {
    id: 'demo-ranked',
    question: 'Rank the candidate routes for the new east–west line',
    description: 'Put your favourite first. Results use instant-runoff counting.',
    type: 'ranked',
    minChoices: 1,
    maxChoices: 4,
    resultsVisibility: 'always',
    allowVoteChange: true,
    options: ['Harbour Loop', 'University Spur', 'Market Street Tunnel', 'Old Rail Corridor'],
  },
  {
    id: 'demo-live',
    question: 'Who should win tonight’s Best New Venue award?',
    description: 'Live vote — results update as the room votes.',
    type: 'single',
    minChoices: 1,
    maxChoices: 1,
    resultsVisibility: 'always',
    allowVoteChange: false,
    options: ['The Boiler Room', 'Canal Street Kitchen', 'Lantern Hall', 'The Glasshouse'],
  },
];

/**
 * Creates the default site and the demo polls when they are missing. Existing rows are left as they
 * are, so running it again changes nothing.
 */
export async function seedDemo(knex: Knex, now = Date.now()): Promise<{ siteId: number }> {
  return knex.transaction(async (trx) => {
    let site = await trx('sites').where({ is_default: true }).first('id');
    if (!site) {
      const [id] = await trx('sites').insert({
        name: 'Votewire demo',
        allowed_origins: JSON.stringify(DEMO_SITE_ORIGINS),
        is_default: true,
        created_at: now,
        updated_at: now,
      });
      site = { id: Number(id) };
    }
    const siteId = Number(site.id);
    for (const poll of demoPolls) {
      if (await trx('polls').where({ id: poll.id }).first('id')) continue;
      await trx('polls').insert({
        id: poll.id,
        site_id: siteId,
        question: poll.question,
        description: poll.description,
        type: poll.type,
        min_choices: poll.minChoices,
        max_choices: poll.maxChoices,
        results_visibility: poll.resultsVisibility,
        allow_vote_change: poll.allowVoteChange,
        status: 'open',
        created_at: now,
        updated_at: now,
      });
      await trx('poll_options').insert(poll.options.map((label, position) => ({ poll_id: poll.id, label, position })));
      const options: { id: number }[] = await trx('poll_options').where({ poll_id: poll.id }).orderBy('position').select('id');
      await createTallySlots(
        trx,
        poll.id,
        options.map((o) => Number(o.id)),
      );
      await createBallotLog(trx, poll.id);
    }
    return { siteId };
  });
}
