/** Provisional: the endpoint form's limits until the backend's lands in @votewire/wire/limits. */
export const WEBHOOK_LIMITS = { url: { max: 2000 }, description: { max: 500 } } as const;
