import { Type } from '@sinclair/typebox';
import { LIMITS } from '../limits';
import { DateTime, Id, Nullable, Strict } from './common';

export const ProofOfWork = Strict(
  {
    enabled: Type.Boolean({ description: 'Anonymous voter tokens cost a solved ALTCHA challenge' }),
    difficulty: Type.Integer({
      minimum: LIMITS.proofOfWorkDifficulty.min,
      maximum: LIMITS.proofOfWorkDifficulty.max,
      description: `The challenge's maxnumber (default ${LIMITS.proofOfWorkDifficulty.default}): a solver hashes half of it on average`,
    }),
  },
  { title: 'ProofOfWork' },
);

export const Site = Strict(
  { id: Id(), name: Type.String(), allowedOrigins: Type.Array(Type.String()), proofOfWork: ProofOfWork, createdAt: DateTime() },
  { title: 'Site' },
);

const origins = Type.Array(
  Type.String({ minLength: 1, maxLength: LIMITS.origin.max, description: 'An origin such as https://news.example.com, or "*"' }),
  { maxItems: LIMITS.allowedOrigins.max },
);
const siteName = Type.String({ minLength: LIMITS.siteName.min, maxLength: LIMITS.siteName.max });

export const SiteInput = Strict(
  { name: siteName, allowedOrigins: Type.Optional(origins), proofOfWork: Type.Optional(ProofOfWork) },
  { title: 'SiteInput' },
);
export const SitePatch = Type.Partial(SiteInput, { title: 'SitePatch', additionalProperties: false });

export const ApiKeyInfo = Strict(
  {
    id: Id(),
    name: Type.String(),
    prefix: Type.String(),
    createdAt: DateTime(),
    lastUsedAt: Nullable(DateTime()),
    revokedAt: Nullable(DateTime()),
  },
  { title: 'ApiKeyInfo' },
);

export const CreatedApiKey = Strict(
  { ...ApiKeyInfo.properties, key: Type.String({ description: 'The secret: stored hashed and never shown again.' }) },
  { title: 'CreatedApiKey', description: 'Only the create response carries the secret.' },
);

export const ApiKeyList = Strict({ items: Type.Array(ApiKeyInfo) }, { title: 'ApiKeyList' });
export const ApiKeyInput = Strict(
  { name: Type.String({ minLength: LIMITS.apiKeyName.min, maxLength: LIMITS.apiKeyName.max }) },
  { title: 'ApiKeyInput' },
);
export const CreatedSite = Strict({ site: Site, apiKey: CreatedApiKey }, { title: 'CreatedSite' });
export const ApiKeyIdParam = Id();

export const IdentityKeyInfo = Strict(
  { id: Type.String({ description: 'The JWT header `kid`' }), createdAt: DateTime(), lastUsedAt: Nullable(DateTime()), revokedAt: Nullable(DateTime()) },
  { title: 'IdentityKeyInfo' },
);
export const CreatedIdentityKey = Strict(
  {
    id: Type.String({ description: 'The JWT header `kid`' }),
    secret: Type.String({ description: 'The HS256 key: sign with the UTF-8 bytes of this string (`new TextEncoder().encode(secret)`). Shown once, stored encrypted.' }),
  },
  { title: 'CreatedIdentityKey' },
);
export const IdentityKeyList = Strict({ items: Type.Array(IdentityKeyInfo) }, { title: 'IdentityKeyList' });
export const IdentityKeyIdParam = Type.String({ minLength: 1, maxLength: 40 });
