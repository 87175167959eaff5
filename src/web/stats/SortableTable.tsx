import { useState, type ReactNode } from 'react';
import { Table, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface Col<R> {
  key: string;
  label: string;
  value: (r: R) => number | string | null;
  render?: (r: R) => ReactNode;
}

/** A table whose headers sort it (tap again to reverse); the total row stays last. */
export function SortableTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  total,
  minWidth = 480,
}: {
  caption: string;
  columns: Array<Col<R>>;
  rows: R[];
  rowKey: (r: R) => string;
  total?: ReactNode[];
  minWidth?: number;
}) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<{ key: string; desc: boolean } | null>(null);
  const sorted = [...rows];
  const col = sort && columns.find((c) => c.key === sort.key);
  if (sort && col) {
    sorted.sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      const c = x === null ? -1 : y === null ? 1 : typeof x === 'string' ? x.localeCompare(String(y), 'vi') : x - (y as number);
      return sort.desc ? -c : c;
    });
  }
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <UnstyledButton
                  onClick={() =>
                    setSort((s) => ({
                      key: c.key,
                      desc: s?.key === c.key ? !s.desc : rows.length > 0 && typeof c.value(rows[0]!) === 'number',
                    }))
                  }
                  aria-label={t('stats.sortBy', { col: c.label })}
                  style={{ minHeight: 48, fontWeight: 700 }}
                >
                  {c.label} {sort?.key === c.key ? (sort.desc ? '▼' : '▲') : ''}
                </UnstyledButton>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((r) => (
            <Table.Tr key={rowKey(r)}>
              {columns.map((c) => (
                <Table.Td key={c.key}>{c.render ? c.render(r) : (c.value(r) ?? '—')}</Table.Td>
              ))}
            </Table.Tr>
          ))}
          {total && (
            <Table.Tr fw={700}>
              {total.map((v, i) => (
                <Table.Td key={i}>{v}</Table.Td>
              ))}
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
