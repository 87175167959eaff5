/** Voting requests and query keys; the shapes are the server's own (common/api/voting.ts). */
import { api } from '../api/client.ts';
import type { VoteItemList } from '../../common/api/voting.ts';

export type { VoteItemList, VoteItemView, RollView, CreateVoteItemBody } from '../../common/api/voting.ts';

export const votingKeys = {
  list: (meetingId: string) => ['voting', meetingId] as const,
};

export const fetchVotes = (meetingId: string) => api.get<VoteItemList>(`/api/meetings/${meetingId}/votes`);
