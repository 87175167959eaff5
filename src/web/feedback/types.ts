export type FeedbackStatus = 'open' | 'forwarded' | 'answered' | 'closed';

export interface FeedbackItem {
  id: string;
  kind: 'question' | 'suggestion';
  subject: string;
  body: string;
  status: FeedbackStatus;
  unitId: string;
  unitName: string;
  authorName: string;
  createdAt: string;
  receivedAt: string;
  answeredAt: string | null;
  closedAt: string | null;
}

export interface FeedbackDetail extends FeedbackItem {
  mine: boolean;
  canHandle: boolean;
  forwardTargets: Array<{ id: string; name: string }>;
  events: Array<{
    kind: 'sent' | 'reply' | 'forward' | 'close';
    at: string;
    body: string;
    actorName: string | null;
    unitName: string | null;
    toUnitName: string | null;
  }>;
}

export const STATUS_COLOR: Record<FeedbackStatus, string> = {
  open: 'yellow.9',
  forwarded: 'blue.9',
  answered: 'green.9',
  closed: 'gray.8',
};
