import { Model } from 'objection';

export class PollOption extends Model {
  static override tableName = 'poll_options';

  id!: number;
  pollId!: string;
  label!: string;
  position!: number;
  imageUrl!: string | null;
}
