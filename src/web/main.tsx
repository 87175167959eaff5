import './layout/mantine-first.css';
import './app.css';
import './i18n/index.ts';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { theme } from './theme.ts';
import { ApiError } from './api/client.ts';
import { ME_KEY } from './auth/useMe.ts';
import type { Me } from './api/types.ts';
import { AppLayout } from './layout/AppLayout.tsx';
import { RequireAuth } from './auth/RequireAuth.tsx';
import { SignInPage } from './auth/SignInPage.tsx';
import { ActivationPage } from './auth/ActivationPage.tsx';
import { HomePage } from './home/HomePage.tsx';
import { NotFoundPage } from './layout/NotFoundPage.tsx';
// React's lazy, waiting also for the styles and strings only lazy pages use (see lazy-page.ts).
import { lazy, loadPageExtras } from './layout/lazy-page.ts';
import { prefetchRouteData } from './layout/route-data.ts';

// Admin pages load on demand so the sign-in and home pages stay small on cheap phones.
const OrgPage = lazy(() => import('./org/OrgPage.tsx'));
const MembersPage = lazy(() => import('./members/MembersPage.tsx'));
const StandardizationPage = lazy(() => import('./members/StandardizationPage.tsx'));
const MemberImportPage = lazy(() => import('./members/ImportPage.tsx'));
const MemberTransfersPage = lazy(() => import('./members/TransfersPage.tsx'));
const MemberRecordPage = lazy(() => import('./members/RecordPages.tsx').then((m) => ({ default: m.MemberRecordPage })));
const MyRecordPage = lazy(() => import('./members/RecordPages.tsx').then((m) => ({ default: m.MyRecordPage })));
const ECardPage = lazy(() => import('./members/RecordPages.tsx').then((m) => ({ default: m.ECardPage })));
const VerifyCardPage = lazy(() => import('./members/RecordPages.tsx').then((m) => ({ default: m.VerifyCardPage })));
const AuditPage = lazy(() => import('./audit/AuditPage.tsx'));
const AccountPage = lazy(() => import('./account/AccountPage.tsx'));
const MePage = lazy(() => import('./account/MePage.tsx'));
const SettingsPage = lazy(() => import('./settings/SettingsPage.tsx'));
const InstallPage = lazy(() => import('./pwa/InstallPage.tsx'));
const NotificationsPage = lazy(() => import('./notifications/NotificationsPage.tsx'));
const FeedbackPage = lazy(() => import('./feedback/FeedbackPage.tsx'));
const FeedbackDetailPage = lazy(() => import('./feedback/FeedbackDetailPage.tsx'));
const FeedbackInboxPage = lazy(() => import('./feedback/InboxPage.tsx'));
const NoticePage = lazy(() => import('./feedback/NoticePages.tsx').then((m) => ({ default: m.NoticePage })));
const NoticeComposePage = lazy(() => import('./feedback/NoticePages.tsx').then((m) => ({ default: m.NoticeComposePage })));
const MeetingsHomePage = lazy(() => import('./meetings/MeetingsHomePage.tsx'));
const RegisterMeetingPage = lazy(() => import('./meetings/RegisterMeetingPage.tsx'));
const MeetingPage = lazy(() => import('./meetings/MeetingPage.tsx'));
const MaterialPage = lazy(() => import('./meetings/MaterialPage.tsx'));
const CheckInPage = lazy(() => import('./meetings/CheckInPage.tsx'));
const QrScreenPage = lazy(() => import('./meetings/QrScreenPage.tsx'));
const VotePage = lazy(() => import('./voting/VotePage.tsx'));
const MyReviewPage = lazy(() => import('./reviews/MyReviewPage.tsx'));
const CellReviewPage = lazy(() => import('./reviews/CellReviewPage.tsx'));
const ReviewsAdminPage = lazy(() => import('./reviews/ReviewsAdminPage.tsx'));
const MonitorPage = lazy(() => import('./meetings/MonitorPage.tsx'));
const GuidancePage = lazy(() => import('./meetings/GuidancePage.tsx'));
const AbsencesPage = lazy(() => import('./meetings/AbsencesPage.tsx'));
const MeetingSettingsPage = lazy(() => import('./meetings/MeetingSettingsPage.tsx'));
const StatsPage = lazy(() => import('./stats/StatsPage.tsx'));
const StatsReportPage = lazy(() => import('./stats/ReportPage.tsx'));
const StatsMembersPage = lazy(() => import('./stats/MembersStatsPage.tsx'));
const LibraryPage = lazy(() => import('./library/LibraryPage.tsx'));
const NewsPage = lazy(() => import('./library/LibraryPage.tsx').then((m) => ({ default: m.NewsPage })));
const LibraryDocumentPage = lazy(() => import('./library/DocumentPage.tsx'));
const LibraryReadersPage = lazy(() => import('./library/ReadersPage.tsx'));
const LibraryBookmarksPage = lazy(() => import('./library/ReadingListPage.tsx').then((m) => ({ default: m.BookmarksPage })));
const LibraryHistoryPage = lazy(() => import('./library/ReadingListPage.tsx').then((m) => ({ default: m.HistoryPage })));
const EditorialPage = lazy(() => import('./library/EditorialPage.tsx'));
const EditDocumentPage = lazy(() => import('./library/EditDocumentPage.tsx'));
const LibraryCodesPage = lazy(() => import('./library/CodesPage.tsx'));
const UnitPagesPage = lazy(() => import('./library/UnitPagesPage.tsx'));
const RulesListPage = lazy(() => import('./rules/RulesPage.tsx'));
const RuleKindPage = lazy(() => import('./rules/RulesPage.tsx').then((m) => ({ default: m.RuleKindPage })));

function onError(err: unknown) {
  // A session that expired mid-use: drop the user so RequireAuth sends them to sign in.
  if (err instanceof ApiError && err.status === 401) queryClient.setQueryData(ME_KEY, null);
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    // Offline the service worker still answers from its cache, and the outbox (pwa/outbox.ts) keeps
    // actions for later: requests must not wait for the browser to say it is online again.
    mutations: { networkMode: 'always' },
    queries: {
      networkMode: 'offlineFirst',
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => err instanceof ApiError && (err.status === 0 || err.status >= 500) && count < 2,
    },
  },
});

declare global {
  interface Window {
    /** /api/auth/session, started by index.html (public/me-early.js) before the app's scripts arrive. */
    sotayEarlyMe?: Promise<Response | null>;
  }
}

/** The user from that early request: null when signed out, undefined when useMe must ask itself. */
async function earlyMe(): Promise<Me | null | undefined> {
  const res = await window.sotayEarlyMe;
  if (!res) return undefined;
  return res.ok ? ((await res.json()) as { user: Me | null }).user : undefined;
}

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');

const app = (
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route element={<AppLayout />}>
              <Route path="dang-nhap" element={<SignInPage />} />
              <Route path="kich-hoat" element={<ActivationPage />} />
              <Route path="xac-minh-the/:token" element={<VerifyCardPage />} />
              <Route path="cai-dat-ung-dung" element={<InstallPage />} />
              <Route element={<RequireAuth />}>
                <Route index element={<HomePage />} />
                <Route path="to-chuc" element={<OrgPage />} />
                <Route path="to-chuc/:unitId" element={<OrgPage />} />
                <Route path="dang-vien" element={<MembersPage />} />
                <Route path="dang-vien/chuan-hoa" element={<StandardizationPage />} />
                <Route path="dang-vien/nhap" element={<MemberImportPage />} />
                <Route path="dang-vien/chuyen-sinh-hoat" element={<MemberTransfersPage />} />
                <Route path="dang-vien/ho-so/:id" element={<MemberRecordPage />} />
                <Route path="ho-so-cua-toi" element={<MyRecordPage />} />
                <Route path="kiem-diem" element={<MyReviewPage />} />
                <Route path="kiem-diem/quan-ly" element={<ReviewsAdminPage />} />
                <Route path="kiem-diem/chi-bo/:cellId" element={<CellReviewPage />} />
                <Route path="the-dang-vien" element={<ECardPage />} />
                <Route path="nhat-ky" element={<AuditPage />} />
                <Route path="toi" element={<MePage />} />
                <Route path="tai-khoan" element={<AccountPage />} />
                <Route path="cai-dat" element={<SettingsPage />} />
                <Route path="thong-bao" element={<NotificationsPage />} />
                <Route path="hoi-dap" element={<FeedbackPage />} />
                <Route path="hoi-dap/xu-ly" element={<FeedbackInboxPage />} />
                <Route path="hoi-dap/:id" element={<FeedbackDetailPage />} />
                <Route path="thong-bao-chung/gui" element={<NoticeComposePage />} />
                <Route path="thong-bao-chung/:id" element={<NoticePage />} />
                <Route path="sinh-hoat" element={<MeetingsHomePage />} />
                <Route path="sinh-hoat/dang-ky" element={<RegisterMeetingPage />} />
                <Route path="sinh-hoat/theo-doi" element={<MonitorPage />} />
                <Route path="sinh-hoat/huong-dan" element={<GuidancePage />} />
                <Route path="sinh-hoat/vang-mat" element={<AbsencesPage />} />
                <Route path="sinh-hoat/cai-dat" element={<MeetingSettingsPage />} />
                <Route path="thong-ke" element={<StatsPage />} />
                <Route path="thong-ke/bao-cao" element={<StatsReportPage />} />
                <Route path="thong-ke/dang-vien" element={<StatsMembersPage />} />
                <Route path="sinh-hoat/:id" element={<MeetingPage />} />
                <Route path="sinh-hoat/:id/diem-danh" element={<CheckInPage />} />
                <Route path="sinh-hoat/:id/tai-lieu/:fileId" element={<MaterialPage />} />
                <Route path="sinh-hoat/:id/huong-dan/:guidanceId" element={<MaterialPage />} />
                <Route path="sinh-hoat/:id/ma-qr" element={<QrScreenPage />} />
                <Route path="sinh-hoat/:id/bieu-quyet" element={<VotePage />} />
                <Route path="thu-vien" element={<LibraryPage />} />
                <Route path="thu-vien/xem-sau" element={<LibraryBookmarksPage />} />
                <Route path="thu-vien/lich-su" element={<LibraryHistoryPage />} />
                <Route path="thu-vien/:id" element={<LibraryDocumentPage />} />
                <Route path="thu-vien/:id/da-doc" element={<LibraryReadersPage />} />
                <Route path="tin-tuc" element={<NewsPage />} />
                <Route path="bien-tap" element={<EditorialPage />} />
                <Route path="bien-tap/moi" element={<EditDocumentPage />} />
                <Route path="bien-tap/danh-muc" element={<LibraryCodesPage />} />
                <Route path="trang-don-vi" element={<UnitPagesPage />} />
                <Route path="bien-tap/:id" element={<EditDocumentPage />} />
                <Route path="quy-dinh" element={<RulesListPage />} />
                <Route path="quy-dinh/:kind" element={<RuleKindPage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>
);

// The first page is drawn as a transition: React yields to the browser every few milliseconds
// instead of one long task, so a slow phone stays responsive while the app starts.
// It waits (1.5 s at most) for the early /api/auth/session, usually back before the scripts, so the page is drawn once,
// with the member's menu: nothing moves when the user arrives later.
const reactRoot = createRoot(root);
const meKnown = earlyMe()
  .then((me) => {
    if (me !== undefined) queryClient.setQueryData(ME_KEY, me);
    // A document or meeting page: its data comes while its code downloads (route-data.ts).
    if (me) void prefetchRouteData(queryClient, window.location.pathname);
  })
  .catch(() => undefined);
void Promise.race([meKnown, new Promise((resolve) => window.setTimeout(resolve, 1500))]).then(() =>
  startTransition(() => reactRoot.render(app)),
);
// The styles and strings of the other pages, once the first one is up and the phone is idle.
const whenIdle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 2000));
window.addEventListener('load', () => whenIdle(() => void loadPageExtras().catch(() => undefined)), { once: true });
