import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from './useMe.ts';
import { PageLoader, QueryError } from '../ui/feedback.tsx';

/** Shows its child routes only to a signed-in user; otherwise sends them to the sign-in page. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoader />;
  if (me.isError) return <QueryError error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/dang-nhap' : `/dang-nhap?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
