/**
 * Small SVG charts (no chart library): horizontal bars for comparisons, lines for trends. Colours
 * are the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies; every bar
 * carries its value as text and every line its own marker shape and a legend, so nothing depends
 * on telling colours apart. The same numbers are always in a table next to the chart.
 */
import { useTranslation } from 'react-i18next';

/** Okabe–Ito: blue, vermillion, bluish green, orange, reddish purple, sky blue, yellow (dark enough on white first). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#E69F00', '#CC79A7', '#56B4E9', '#F0E442'] as const;

const fmt = (n: number, locale: string, suffix: string) =>
  `${n.toLocaleString(locale === 'en' ? 'en' : 'vi', { maximumFractionDigits: 1 })}${suffix}`;

export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars, one row each, label above the bar (reads on a 360 px phone). */
export function BarChart({ title, bars, max, suffix = '' }: { title: string; bars: Bar[]; max?: number; suffix?: string }) {
  const { i18n } = useTranslation();
  const top = max ?? Math.max(1, ...bars.map((b) => b.value));
  const rowH = 40;
  const height = bars.length * rowH;
  return (
    <svg viewBox={`0 0 320 ${height}`} width="100%" role="img" aria-label={title} style={{ maxWidth: 640, display: 'block' }}>
      <title>{title}</title>
      {bars.map((b, i) => {
        const w = Math.max(0, Math.min(1, b.value / top)) * 240;
        const y = i * rowH;
        return (
          <g key={`${b.label}-${i}`}>
            <text x={0} y={y + 13} fontSize={12} fill="#212529">
              {b.label.length > 48 ? `${b.label.slice(0, 47)}…` : b.label}
            </text>
            <rect x={0} y={y + 18} width={240} height={14} fill="#e9ecef" rx={2} />
            <rect x={0} y={y + 18} width={w} height={14} fill={PALETTE[0]} rx={2} />
            <text x={246} y={y + 30} fontSize={12} fontWeight={700} fill="#212529">
              {fmt(b.value, i18n.language, suffix)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Series {
  name: string;
  values: Array<number | null>;
}

const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;
function Marker({ kind, x, y, color }: { kind: (typeof MARKERS)[number]; x: number; y: number; color: string }) {
  if (kind === 'circle') return <circle cx={x} cy={y} r={3.5} fill={color} />;
  if (kind === 'square') return <rect x={x - 3.5} y={y - 3.5} width={7} height={7} fill={color} />;
  if (kind === 'triangle') return <path d={`M${x} ${y - 4.5} L${x + 4.5} ${y + 3.5} L${x - 4.5} ${y + 3.5} Z`} fill={color} />;
  return <path d={`M${x} ${y - 4.5} L${x + 4.5} ${y} L${x} ${y + 4.5} L${x - 4.5} ${y} Z`} fill={color} />;
}

/** Lines over labelled points (months); a null value breaks the line. Y from 0 to max (100 for rates). */
export function LineChart({
  title,
  labels,
  series,
  max,
  suffix = '',
}: {
  title: string;
  labels: string[];
  series: Series[];
  max?: number;
  suffix?: string;
}) {
  const { i18n } = useTranslation();
  const top = max ?? Math.max(1, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const W = 320;
  const H = 160;
  const left = 30;
  const bottom = 20;
  const x = (i: number) => left + (labels.length <= 1 ? 0 : (i * (W - left - 8)) / (labels.length - 1));
  const y = (v: number) => 8 + (1 - v / top) * (H - bottom - 8);
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={title} style={{ maxWidth: 640, display: 'block' }}>
        <title>{title}</title>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={left} x2={W - 4} y1={y(top * f)} y2={y(top * f)} stroke="#dee2e6" />
            <text x={left - 4} y={y(top * f) + 4} fontSize={9} textAnchor="end" fill="#495057">
              {fmt(top * f, i18n.language, suffix)}
            </text>
          </g>
        ))}
        {labels.map((l, i) =>
          i % 2 === labels.length % 2 || labels.length <= 6 ? (
            <text key={l} x={x(i)} y={H - 6} fontSize={9} textAnchor="middle" fill="#495057">
              {l}
            </text>
          ) : null,
        )}
        {series.map((s, si) => {
          const color = PALETTE[si % PALETTE.length]!;
          const segments: string[] = [];
          let d = '';
          s.values.forEach((v, i) => {
            if (v === null) {
              if (d) segments.push(d);
              d = '';
              return;
            }
            d += `${d ? 'L' : 'M'}${x(i)} ${y(v)} `;
          });
          if (d) segments.push(d);
          return (
            <g key={s.name}>
              {segments.map((p) => (
                <path key={p} d={p} fill="none" stroke={color} strokeWidth={2} strokeDasharray={si % 2 ? '5 3' : undefined} />
              ))}
              {s.values.map((v, i) =>
                v === null ? null : <Marker key={i} kind={MARKERS[si % MARKERS.length]!} x={x(i)} y={y(v)} color={color} />,
              )}
            </g>
          );
        })}
      </svg>
      <figcaption style={{ display: 'flex', flexWrap: 'wrap', gap: 12, fontSize: 13 }}>
        {series.map((s, si) => (
          <span key={s.name} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <svg width={22} height={10} aria-hidden="true">
              <line
                x1={0}
                x2={22}
                y1={5}
                y2={5}
                stroke={PALETTE[si % PALETTE.length]}
                strokeWidth={2}
                strokeDasharray={si % 2 ? '5 3' : undefined}
              />
              <Marker kind={MARKERS[si % MARKERS.length]!} x={11} y={5} color={PALETTE[si % PALETTE.length]!} />
            </svg>
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
