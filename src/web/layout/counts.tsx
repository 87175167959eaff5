/** Destinations as rows (the "Tôi" page, the staff part of home) with what waits behind each (nav.ts `count`). */
import { Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Destination } from './nav.ts';

const NONE = { key: ['nav', 'no-count'] as const, fetch: () => Promise.resolve(0) };

export function useCount(d: Pick<Destination, 'count'>): number {
  const c = d.count ?? NONE;
  const q = useQuery({
    queryKey: c.key,
    queryFn: c.fetch,
    enabled: !!d.count,
    staleTime: 60_000,
    retry: false,
  });
  return q.data ?? 0;
}

/** "3 đang chờ" next to a destination's label; nothing when none waits. */
export function CountBadge({ d }: { d: Pick<Destination, 'count'> }) {
  const { t } = useTranslation();
  const n = useCount(d);
  if (n <= 0) return null;
  return <span className="shell-badge">{t('nav.waiting', { count: n })}</span>;
}

/** Rows of destinations, each with its waiting count. */
export function DestinationList({ items, labelledBy }: { items: Destination[]; labelledBy: string }) {
  const { t } = useTranslation();
  return (
    <ul className="plain-list" aria-labelledby={labelledBy}>
      {items.map((d) => (
        <li key={d.to}>
          <Anchor component={Link} to={d.to} className="tap-row tap-row-split" fz="lg" fw={600} underline="never">
            <span>{t(d.label)}</span>
            {d.count && <CountBadge d={d} />}
          </Anchor>
        </li>
      ))}
    </ul>
  );
}
