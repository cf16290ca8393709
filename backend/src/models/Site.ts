import { Model } from 'objection';

export class Site extends Model {
  static override tableName = 'sites';

  id!: number;
  name!: string;
  /** JSON array of origins allowed to vote and subscribe from. */
  allowedOrigins!: string;
  isDefault!: boolean | number;
  powEnabled!: boolean | number;
  powDifficulty!: number;
  createdAt!: number;
  updatedAt!: number;

  origins(): string[] {
    return JSON.parse(this.allowedOrigins) as string[];
  }
}
