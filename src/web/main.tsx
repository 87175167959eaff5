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
const AuditPage = lazy(() => import('./audit/AuditPage.tsx'));
const AccountPage = lazy(() => import('./account/AccountPage.tsx'));

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
              <Route element={<RequireAuth />}>
                <Route index element={<HomePage />} />
                <Route path="to-chuc" element={<OrgPage />} />
                <Route path="to-chuc/:unitId" element={<OrgPage />} />
                <Route path="dang-vien" element={<MembersPage />} />
                <Route path="nhat-ky" element={<AuditPage />} />
                <Route path="tai-khoan" element={<AccountPage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
