/**
 * The numbers the API's schemas enforce, as plain constants: the schemas in ./schema use them, and
 * the admin console imports this file alone, so its forms stop where the server does without the
 * schema library entering the console's bundle.
 */
export const LIMITS = {
  question: { min: 1, max: 500 },
  description: { max: 2000 },
  optionLabel: { min: 1, max: 300 },
  imageUrl: { max: 2000 },
  options: { min: 2, max: 50 },
  siteName: { min: 1, max: 200 },
  allowedOrigins: { max: 50 },
  origin: { max: 300 },
  apiKeyName: { min: 1, max: 100 },
  pollId: { max: 32 },
  searchText: { min: 1, max: 200 },
  pageSize: { min: 1, max: 100, default: 20 },
  pageOffset: { max: 1_000_000 },
  maxBallotsPerIp: { min: 1, max: 10_000, default: 1 },
  /** ALTCHA's maxnumber: a solver tries half of it on average. */
  proofOfWorkDifficulty: { min: 1_000, max: 10_000_000, default: 50_000 },
  identitySubject: { min: 1, max: 128 },
  webhookUrl: { max: 2000 },
  webhookDescription: { max: 500 },
} as const;

/** Only https images: an http image on an https page is mixed content that browsers block or flag. */
export const IMAGE_URL_PATTERN = '^https://[^\\s]+$';
