/** The shape of GET /api/home (src/server/modules/home/home.schemas.ts); dates arrive as ISO strings. */
export const HOME_KEY = ['home'] as const;

export interface HomeItem {
  id: string;
  kind: 'document' | 'news' | 'page';
  title: string;
  symbol: string | null;
  typeName: string | null;
  issuerName: string | null;
  issueDate: string | null;
  category: string | null;
  publishAt: string | null;
  read: boolean;
}

export interface Home {
  nextMeeting: {
    id: string;
    kind: 'regular' | 'thematic' | 'extraordinary';
    topic: string;
    cellName: string;
    startsAt: string;
    plannedEndAt: string;
    place: string;
    rsvp: 'pending' | 'attend' | 'absent';
    rsvpReason: string;
    materialsPostedAt: string | null;
    materials: Array<{ id: string; name: string; mime: string }>;
    libraryMaterials: Array<{ id: string; title: string; symbol: string | null }>;
    myOpinions: number;
    lastOpinion: { body: string; createdAt: string } | null;
  } | null;
  lastMeeting: { id: string; startsAt: string; topic: string; cellName: string } | null;
  documents: HomeItem[];
  news: HomeItem[];
  unreadDocuments: number;
  unreadNews: number;
  tasks: Array<{
    id: string;
    title: string;
    dueDate: string | null;
    overdue: boolean;
    meetingId: string;
    meetingStartsAt: string;
    meetingTopic: string;
  }>;
  notifications: {
    unread: number;
    items: Array<{ id: string; title: string; body: string; link: string | null; createdAt: string }>;
  };
}
