import '@mantine/core/styles.css';
import './app.css';
import './i18n/index.ts';
import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { theme } from './theme.ts';
import { ApiError } from './api/client.ts';
import { ME_KEY } from './auth/useMe.ts';
import { AppLayout } from './layout/AppLayout.tsx';
import { RequireAuth } from './auth/RequireAuth.tsx';
import { SignInPage } from './auth/SignInPage.tsx';
import { ActivationPage } from './auth/ActivationPage.tsx';
import { HomePage } from './home/HomePage.tsx';
import { NotFoundPage } from './layout/NotFoundPage.tsx';

// Admin pages load on demand so the sign-in and home pages stay small on cheap phones.
const OrgPage = lazy(() => import('./org/OrgPage.tsx'));
const MembersPage = lazy(() => import('./members/MembersPage.tsx'));
const StandardizationPage = lazy(() => import('./members/StandardizationPage.tsx'));
const MemberImportPage = lazy(() => import('./members/ImportPage.tsx'));
const MemberRecordPage = lazy(() => import('./members/RecordPages.tsx').then((m) => ({ default: m.MemberRecordPage })));
const MyRecordPage = lazy(() => import('./members/RecordPages.tsx').then((m) => ({ default: m.MyRecordPage })));
const ECardPage = lazy(() => import('./members/RecordPages.tsx').then((m) => ({ default: m.ECardPage })));
const VerifyCardPage = lazy(() => import('./members/RecordPages.tsx').then((m) => ({ default: m.VerifyCardPage })));
const AuditPage = lazy(() => import('./audit/AuditPage.tsx'));
const AccountPage = lazy(() => import('./account/AccountPage.tsx'));
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
const CheckInPage = lazy(() => import('./meetings/CheckInPage.tsx'));
const QrScreenPage = lazy(() => import('./meetings/QrScreenPage.tsx'));
const MonitorPage = lazy(() => import('./meetings/MonitorPage.tsx'));
const StatsPage = lazy(() => import('./stats/StatsPage.tsx'));
const LibraryPage = lazy(() => import('./library/LibraryPage.tsx'));
const NewsPage = lazy(() => import('./library/LibraryPage.tsx').then((m) => ({ default: m.NewsPage })));
const LibraryDocumentPage = lazy(() => import('./library/DocumentPage.tsx'));
const LibraryReadersPage = lazy(() => import('./library/ReadersPage.tsx'));
const LibraryBookmarksPage = lazy(() => import('./library/ReadingListPage.tsx').then((m) => ({ default: m.BookmarksPage })));
const LibraryHistoryPage = lazy(() => import('./library/ReadingListPage.tsx').then((m) => ({ default: m.HistoryPage })));
const EditorialPage = lazy(() => import('./library/EditorialPage.tsx'));
const EditDocumentPage = lazy(() => import('./library/EditDocumentPage.tsx'));

function onError(err: unknown) {
  // A session that expired mid-use: drop the user so RequireAuth sends them to sign in.
  if (err instanceof ApiError && err.status === 401) queryClient.setQueryData(ME_KEY, null);
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => err instanceof ApiError && (err.status === 0 || err.status >= 500) && count < 2,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');

createRoot(root).render(
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
                <Route path="dang-vien/ho-so/:id" element={<MemberRecordPage />} />
                <Route path="ho-so-cua-toi" element={<MyRecordPage />} />
                <Route path="the-dang-vien" element={<ECardPage />} />
                <Route path="nhat-ky" element={<AuditPage />} />
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
                <Route path="thong-ke" element={<StatsPage />} />
                <Route path="sinh-hoat/:id" element={<MeetingPage />} />
                <Route path="sinh-hoat/:id/diem-danh" element={<CheckInPage />} />
                <Route path="sinh-hoat/:id/ma-qr" element={<QrScreenPage />} />
                <Route path="thu-vien" element={<LibraryPage />} />
                <Route path="thu-vien/xem-sau" element={<LibraryBookmarksPage />} />
                <Route path="thu-vien/lich-su" element={<LibraryHistoryPage />} />
                <Route path="thu-vien/:id" element={<LibraryDocumentPage />} />
                <Route path="thu-vien/:id/da-doc" element={<LibraryReadersPage />} />
                <Route path="tin-tuc" element={<NewsPage />} />
                <Route path="bien-tap" element={<EditorialPage />} />
                <Route path="bien-tap/moi" element={<EditDocumentPage />} />
                <Route path="bien-tap/:id" element={<EditDocumentPage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
