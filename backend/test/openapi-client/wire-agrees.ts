import type * as Wire from '@votewire/wire';
import type { components } from './generated/api';

/**
 * Type-checked by the test with `tsc --strict`: what openapi-typescript reads from the served
 * document is what the wire types say, schema for schema (each assignable to the other).
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Doc = components['schemas'];

interface Agreement {
  AdminPoll: Same<Doc['AdminPoll'], Wire.AdminPoll>;
  AltchaChallenge: Same<Doc['AltchaChallenge'], Wire.AltchaChallenge>;
  ApiErrorBody: Same<Doc['ApiErrorBody'], Wire.ApiErrorBody>;
  ApiKeyInfo: Same<Doc['ApiKeyInfo'], Wire.ApiKeyInfo>;
  ApiKeyInput: Same<Doc['ApiKeyInput'], Wire.ApiKeyInput>;
  ApiKeyList: Same<Doc['ApiKeyList'], Wire.ApiKeyList>;
  ConsistencyProof: Same<Doc['ConsistencyProof'], Wire.ConsistencyProof>;
  CreatedApiKey: Same<Doc['CreatedApiKey'], Wire.CreatedApiKey>;
  CreatedIdentityKey: Same<Doc['CreatedIdentityKey'], Wire.CreatedIdentityKey>;
  CreatedSite: Same<Doc['CreatedSite'], Wire.CreatedSite>;
  IdentityKeyInfo: Same<Doc['IdentityKeyInfo'], Wire.IdentityKeyInfo>;
  IdentityKeyList: Same<Doc['IdentityKeyList'], Wire.IdentityKeyList>;
  InclusionProof: Same<Doc['InclusionProof'], Wire.InclusionProof>;
  LogEntry: Same<Doc['LogEntry'], Wire.LogEntry>;
  LogEntryPage: Same<Doc['LogEntryPage'], Wire.LogEntryPage>;
  LogKey: Same<Doc['LogKey'], Wire.LogKey>;
  LogKeyList: Same<Doc['LogKeyList'], Wire.LogKeyList>;
  MyVote: Same<Doc['MyVote'], Wire.MyVote>;
  OptionInput: Same<Doc['OptionInput'], Wire.OptionInput>;
  OptionResult: Same<Doc['OptionResult'], Wire.OptionResult>;
  PollChangedEvent: Same<Doc['PollChangedEvent'], Wire.PollChangedEvent>;
  PollInput: Same<Doc['PollInput'], Wire.PollInput>;
  PollOption: Same<Doc['PollOption'], Wire.PollOption>;
  PollPage: Same<Doc['PollPage'], Wire.PollPage>;
  PollPatch: Same<Doc['PollPatch'], Wire.PollPatch>;
  PollPhase: Same<Doc['PollPhase'], Wire.PollPhase>;
  PollPhaseEvent: Same<Doc['PollPhaseEvent'], Wire.PollPhaseEvent>;
  PollResults: Same<Doc['PollResults'], Wire.PollResults>;
  PollStatus: Same<Doc['PollStatus'], Wire.PollStatus>;
  PollType: Same<Doc['PollType'], Wire.PollType>;
  ProofOfWork: Same<Doc['ProofOfWork'], Wire.ProofOfWork>;
  PublicPoll: Same<Doc['PublicPoll'], Wire.PublicPoll>;
  RefusedEvent: Same<Doc['RefusedEvent'], Wire.RefusedEvent>;
  ResultsVisibility: Same<Doc['ResultsVisibility'], Wire.ResultsVisibility>;
  RunoffRound: Same<Doc['RunoffRound'], Wire.RunoffRound>;
  SignedTreeHead: Same<Doc['SignedTreeHead'], Wire.SignedTreeHead>;
  Site: Same<Doc['Site'], Wire.Site>;
  SiteInput: Same<Doc['SiteInput'], Wire.SiteInput>;
  SitePatch: Same<Doc['SitePatch'], Wire.SitePatch>;
  SubscribeAck: Same<Doc['SubscribeAck'], Wire.SubscribeAck>;
  SubscribeRequest: Same<Doc['SubscribeRequest'], Wire.SubscribeRequest>;
  UnsubscribeAck: Same<Doc['UnsubscribeAck'], Wire.UnsubscribeAck>;
  UnsubscribeRequest: Same<Doc['UnsubscribeRequest'], Wire.UnsubscribeRequest>;
  VoteRequest: Same<Doc['VoteRequest'], Wire.VoteRequest>;
  VoteResponse: Same<Doc['VoteResponse'], Wire.VoteResponse>;
  VoterPolicy: Same<Doc['VoterPolicy'], Wire.VoterPolicy>;
  VoterTokenRequest: Same<Doc['VoterTokenRequest'], Wire.VoterTokenRequest>;
  VoterTokenResponse: Same<Doc['VoterTokenResponse'], Wire.VoterTokenResponse>;
}

export const agreement: Agreement = {
  AdminPoll: true,
  AltchaChallenge: true,
  ApiErrorBody: true,
  ApiKeyInfo: true,
  ApiKeyInput: true,
  ApiKeyList: true,
  ConsistencyProof: true,
  CreatedApiKey: true,
  CreatedIdentityKey: true,
  CreatedSite: true,
  IdentityKeyInfo: true,
  IdentityKeyList: true,
  InclusionProof: true,
  LogEntry: true,
  LogEntryPage: true,
  LogKey: true,
  LogKeyList: true,
  MyVote: true,
  OptionInput: true,
  OptionResult: true,
  PollChangedEvent: true,
  PollInput: true,
  PollOption: true,
  PollPage: true,
  PollPatch: true,
  PollPhase: true,
  PollPhaseEvent: true,
  PollResults: true,
  PollStatus: true,
  PollType: true,
  ProofOfWork: true,
  PublicPoll: true,
  RefusedEvent: true,
  ResultsVisibility: true,
  RunoffRound: true,
  SignedTreeHead: true,
  Site: true,
  SiteInput: true,
  SitePatch: true,
  SubscribeAck: true,
  SubscribeRequest: true,
  UnsubscribeAck: true,
  UnsubscribeRequest: true,
  VoteRequest: true,
  VoteResponse: true,
  VoterPolicy: true,
  VoterTokenRequest: true,
  VoterTokenResponse: true,
};
/** Every schema of the document is in the list above. */
export const complete: Same<keyof Agreement, keyof Doc> = true;
